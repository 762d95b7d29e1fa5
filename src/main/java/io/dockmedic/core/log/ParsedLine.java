package io.dockmedic.core.log;

import java.util.Objects;

/**
 * What a single log line says about itself: the level its header states (UNKNOWN when none) and its message, the
 * line without its header (timestamps, level, pid, thread, logger), trimmed and capped.
 *
 * <p>A value, equal to another with the same level and message. The message of a line read by
 * {@link LevelDetector} is cut out of the line only when asked for: a scan never asks for the message of most
 * lines (those of routine events), and cutting it cost every line a copy.
 */
public final class ParsedLine {

    private final Level level;
    /** The message when it was given; null when it is cut out of {@code source}. */
    private final String given;
    /** The line the message is cut from when it is first asked for, or null. */
    private final String source;
    private final int messageStart;
    private String cut; // a racy cache, like String's hash: every thread computes the same immutable value

    /** A line with this level and message. */
    public ParsedLine(Level level, String message) {
        this.level = Objects.requireNonNull(level, "level");
        this.given = Objects.requireNonNull(message, "message");
        this.source = null;
        this.messageStart = 0;
    }

    private ParsedLine(Level level, String source, int messageStart) {
        this.level = level;
        this.given = null;
        this.source = source;
        this.messageStart = messageStart;
    }

    /** The line {@code s} with this level, whose message is {@link LevelDetector#message}{@code (s, messageStart)}. */
    static ParsedLine at(Level level, String s, int messageStart) {
        if (s.length() - messageStart > LevelDetector.MAX_MESSAGE) {
            // a long line: keep the capped message, not the line
            return new ParsedLine(level, LevelDetector.message(s, messageStart));
        }
        return new ParsedLine(Objects.requireNonNull(level, "level"), s, messageStart);
    }

    /** The level the line's header states, or UNKNOWN. */
    public Level level() {
        return level;
    }

    /** The line without its header, trimmed and capped. */
    public String message() {
        if (given != null) {
            return given;
        }
        String m = cut;
        if (m == null) {
            m = LevelDetector.message(source, messageStart);
            cut = m;
        }
        return m;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ParsedLine that && level == that.level && message().equals(that.message());
    }

    @Override
    public int hashCode() {
        return 31 * level.hashCode() + message().hashCode();
    }

    @Override
    public String toString() {
        return "ParsedLine[level=" + level + ", message=" + message() + "]";
    }
}
