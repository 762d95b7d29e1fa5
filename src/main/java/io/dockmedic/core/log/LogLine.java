package io.dockmedic.core.log;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a container's log as the runtime stored it, without the runtime's timestamp prefix.
 *
 * @param timestamp when the runtime received the line (nanosecond precision when known)
 * @param stream the stream it was written to
 * @param text the line's text, without the trailing newline
 */
public record LogLine(Instant timestamp, LogStream stream, String text) {
    public LogLine {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(text, "text");
    }
}
