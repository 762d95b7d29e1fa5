package io.dockmedic.core.log;

import java.util.Objects;

/**
 * What a single log line says about itself.
 *
 * @param level the level the line's header states, or UNKNOWN
 * @param message the line without its header (timestamps, level, pid, thread, logger), trimmed and capped
 */
public record ParsedLine(Level level, String message) {
    public ParsedLine {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }
}
