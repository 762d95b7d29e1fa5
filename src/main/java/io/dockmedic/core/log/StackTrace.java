package io.dockmedic.core.log;

import java.util.List;

/**
 * The parts of a stack trace that identify a failure: the exception and the innermost frames.
 *
 * @param language java, python or go
 * @param exceptionType the exception class or error type (for Go panics, "panic")
 * @param exceptionMessage the exception's message, or empty
 * @param topFrames the frames nearest the throw point, capped, without line numbers varying parts
 */
public record StackTrace(String language, String exceptionType, String exceptionMessage, List<String> topFrames) {
    public StackTrace {
        topFrames = List.copyOf(topFrames);
    }
}
