package io.dockmedic.core.log;

import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How far a container's log has been read: the newest timestamp read, and the lines already read
 * at exactly that timestamp.
 *
 * <p>Runtimes answer "logs since T" with second precision and include T, so a re-read always
 * repeats the boundary; the keys of the lines at the position tell those repeats apart from new
 * lines that carry the same timestamp.
 *
 * @param position lines before it are old; lines at it are old when their key is in the set
 * @param seenAtPosition keys ({@link #key(LogLine)}) of the lines already read at {@code position}
 */
public record LogCursor(Instant position, Set<String> seenAtPosition) {

    public LogCursor {
        Objects.requireNonNull(position, "position");
        seenAtPosition = seenAtPosition == null ? Set.of() : Set.copyOf(seenAtPosition);
    }

    /** A cursor that admits every line at or after {@code since}. */
    public static LogCursor startingAt(Instant since) {
        return new LogCursor(since, Set.of());
    }

    /** Whether the line has not been read through this cursor yet. */
    public boolean admits(LogLine line) {
        int order = line.timestamp().compareTo(position);
        return order > 0 || (order == 0 && !seenAtPosition.contains(key(line)));
    }

    /** A compact identity for a line within one timestamp: its stream and a hash of its text. */
    public static String key(LogLine line) {
        long hash = 1125899906842597L;
        String text = line.text();
        for (int i = 0; i < text.length(); i++) {
            hash = 31 * hash + text.charAt(i);
        }
        return (line.stream() == LogStream.STDOUT ? "o" : "e") + Long.toHexString(hash);
    }

    /** A tracker that starts here and advances as lines are read. */
    public Tracker tracker() {
        return new Tracker(this);
    }

    /**
     * Mutable companion of a cursor used while one read is in progress; not thread-safe. A line's key
     * is computed only when a second line shares its timestamp (or the read ends on it): most lines
     * have a timestamp of their own, and hashing each one cost a tenth of a scan.
     */
    public static final class Tracker {
        private Instant position;
        /** Keys of the lines read at {@code position}; null while at most {@code single} is there. */
        private Set<String> seen;
        private LogLine single;

        private Tracker(LogCursor start) {
            this.position = start.position;
            this.seen = start.seenAtPosition.isEmpty() ? null : new HashSet<>(start.seenAtPosition);
        }

        /** Records the line as read if it is new; returns whether it was new. */
        public boolean accept(LogLine line) {
            int order = line.timestamp().compareTo(position);
            if (order < 0) {
                return false;
            }
            if (order > 0) {
                position = line.timestamp();
                seen = null;
                single = line;
                return true;
            }
            if (seen == null) {
                seen = new HashSet<>();
                if (single != null) {
                    seen.add(key(single));
                    single = null;
                }
            }
            return seen.add(key(line));
        }

        public LogCursor cursor() {
            return new LogCursor(position, seen != null ? seen : single != null ? Set.of(key(single)) : Set.of());
        }
    }
}
