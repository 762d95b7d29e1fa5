package io.dockmedic.core.log;

import java.time.Instant;
import java.util.List;

/**
 * One logical log event: a line and its continuation lines (stack frames, DETAIL lines, ...).
 *
 * @param timestamp the runtime timestamp of the first line
 * @param stream the stream of the first line
 * @param level the event's level as the writer stated it, or UNKNOWN
 * @param message the first line's message, without its timestamp, level and similar header
 * @param lines all lines of the event as written (capped in count and length)
 * @param stackTrace the parsed stack trace when the event is one, else null
 * @param omittedLines lines left out of {@code lines} because the event exceeded its cap (0 when whole)
 */
public record LogEvent(Instant timestamp, LogStream stream, Level level, String message, List<String> lines,
        StackTrace stackTrace, int omittedLines) {

    public LogEvent {
        lines = List.copyOf(lines);
    }

    /** An event kept whole. */
    public LogEvent(Instant timestamp, LogStream stream, Level level, String message, List<String> lines,
            StackTrace stackTrace) {
        this(timestamp, stream, level, message, lines, stackTrace, 0);
    }

    /** The whole event as text, lines joined with newlines. */
    public String text() {
        return String.join("\n", lines);
    }

    /**
     * Whether the event's first line is binary data rather than text: at least one character in ten (and
     * three or more) is a replacement for bytes that were not UTF-8 or for control characters. Random
     * bytes spell words ("eIo", "429") by chance; a legacy-encoded accent here and there stays text.
     */
    public boolean looksBinary() {
        String first = lines.isEmpty() ? message : lines.get(0);
        int replaced = 0;
        for (int i = 0; i < first.length(); i++) {
            if (first.charAt(i) == LineSanitizer.REPLACEMENT) {
                replaced++;
            }
        }
        return replaced >= 3 && replaced * 10 >= first.length();
    }

    /** Whether lines were left out because the event exceeded its cap. */
    public boolean truncated() {
        return omittedLines > 0;
    }
}
