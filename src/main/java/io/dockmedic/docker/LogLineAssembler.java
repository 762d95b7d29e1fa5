package io.dockmedic.docker;

import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.log.LogStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Cuts one stream of {@code docker logs --timestamps} output into {@link LogLine}s.
 *
 * <p>Bytes arrive in arbitrary pieces; a line ends at a newline, and its unfinished tail waits for
 * the next piece. Docker stores a line longer than 16 KiB as several messages, each written with its
 * own timestamp prefix, so a timestamp is expected at every line start and at every message start;
 * a continuation's timestamp is dropped and the line keeps its first one. Message starts are told
 * by the caller for framed (multiplexed) streams, and guessed after each 16 KiB of an unframed
 * (TTY, file) line, accepted only if a timestamp is really there.
 *
 * <p>A line is capped at {@link #MAX_LINE_BYTES}: the rest is counted and discarded until the
 * newline, and the text says so. Invalid UTF-8 becomes U+FFFD. A line without a timestamp gets
 * the previous line's time plus one nanosecond (or {@code undated} for the first), which keeps
 * order and keeps identical undated lines distinct. Not thread-safe.
 */
public final class LogLineAssembler {

    /** Longest line kept, in bytes; longer lines are cut and marked. */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    /** Size of the pieces the Docker daemon splits a long line into. */
    static final int DAEMON_MESSAGE_BYTES = 16 * 1024;

    private final LogStream stream;
    private final boolean framed;
    private final Consumer<LogLine> out;
    private final DockerTimestamp timestamps = new DockerTimestamp();

    private byte[] line = new byte[512];
    private int length;
    private long omitted;
    private Instant lineTime;
    private Instant lastTime;
    private final Instant undated;

    private final byte[] prefix = new byte[DockerTimestamp.MAX_LENGTH];
    private int prefixLength;
    private boolean readingPrefix = true;
    private int messageBytes;

    /**
     * @param stream the stream every line is attributed to
     * @param framed true when the caller marks message starts ({@link #startMessage()})
     * @param undated the time for lines that carry no timestamp before any line that does
     * @param out receives each complete line
     */
    public LogLineAssembler(LogStream stream, boolean framed, Instant undated, Consumer<LogLine> out) {
        this.stream = stream;
        this.framed = framed;
        this.undated = undated;
        this.out = out;
    }

    /** A new daemon message starts here: its first bytes are a timestamp prefix. */
    public void startMessage() {
        restorePrefix();
        readingPrefix = true;
        messageBytes = 0;
    }

    /**
     * Feeds one whole daemon message whose timestamp is already known (a record of the engine's log
     * file): the same as {@link #startMessage()} followed by the message with its timestamp prefix.
     */
    public void acceptMessage(Instant time, byte[] data, int offset, int count) {
        restorePrefix();
        messageBytes = 0;
        if (lineTime == null && length == 0 && omitted == 0) {
            lineTime = time;
        }
        accept(data, offset, count);
    }

    /** Whether part of a line is waiting for the rest of it. */
    public boolean holdsPartialLine() {
        return length > 0 || omitted > 0 || prefixLength > 0;
    }

    /** Feeds the next piece of the stream. */
    public void accept(byte[] data, int offset, int count) {
        int i = offset;
        int end = offset + count;
        while (i < end) {
            if (readingPrefix) {
                i = readPrefix(data, i, end);
                continue;
            }
            int limit = framed ? end : Math.min(end, i + (DAEMON_MESSAGE_BYTES - messageBytes));
            int newline = indexOfNewline(data, i, limit);
            if (newline >= 0) {
                append(data, i, newline - i);
                emit();
                i = newline + 1;
                readingPrefix = true;
                messageBytes = 0;
            } else {
                append(data, i, limit - i);
                messageBytes += limit - i;
                i = limit;
                if (!framed && messageBytes == DAEMON_MESSAGE_BYTES) {
                    readingPrefix = true; // maybe a continuation message; checked by its prefix
                    messageBytes = 0;
                }
            }
        }
    }

    /** The stream ended: a last line without a newline is delivered as it is. */
    public void finish() {
        restorePrefix();
        if (length > 0 || omitted > 0) {
            emit();
        }
        readingPrefix = true;
        messageBytes = 0;
    }

    private int readPrefix(byte[] data, int i, int end) {
        while (i < end) {
            byte b = data[i];
            if (b == ' ' && prefixLength > 0) {
                Instant time = timestamps.parse(prefix, 0, prefixLength);
                if (time == null) {
                    restorePrefix();
                    return i; // the space is ordinary content
                }
                if (lineTime == null && length == 0 && omitted == 0) {
                    lineTime = time;
                }
                prefixLength = 0;
                readingPrefix = false;
                return i + 1;
            }
            if (prefixLength == prefix.length || !DockerTimestamp.plausibleAt(prefixLength, b)) {
                restorePrefix();
                return i;
            }
            prefix[prefixLength++] = b;
            i++;
        }
        return i;
    }

    /** Gives up on a timestamp prefix: what was taken for one is content. */
    private void restorePrefix() {
        readingPrefix = false;
        if (prefixLength > 0) {
            int n = prefixLength;
            prefixLength = 0;
            append(prefix, 0, n);
            messageBytes += n;
        }
    }

    private void append(byte[] data, int from, int count) {
        int room = MAX_LINE_BYTES - length;
        int kept = Math.min(room, count);
        if (kept > 0) {
            if (length + kept > line.length) {
                byte[] grown = new byte[Math.min(MAX_LINE_BYTES, Math.max(line.length * 2, length + kept))];
                System.arraycopy(line, 0, grown, 0, length);
                line = grown;
            }
            System.arraycopy(data, from, line, length, kept);
            length += kept;
        }
        omitted += count - kept;
    }

    private void emit() {
        int end = length;
        if (omitted > 0) {
            end = completeUtf8(line, end);
        } else if (end > 0 && line[end - 1] == '\r') {
            end--; // TTY containers and CRLF programs end lines with \r\n
        }
        String text = new String(line, 0, end, StandardCharsets.UTF_8);
        if (omitted > 0) {
            text = text + truncationNote(length + omitted);
        }
        Instant time = lineTime;
        if (time == null) {
            time = lastTime == null ? undated : lastTime.plusNanos(1);
        }
        lastTime = time;
        out.accept(new LogLine(time, stream, text));
        length = 0;
        omitted = 0;
        lineTime = null;
        if (line.length > 4096) {
            line = new byte[512]; // one huge line must not pin 64 KiB per stream for the rest of the read
        }
    }

    /** The marker appended to a cut line; states the line's real size. */
    public static String truncationNote(long totalBytes) {
        return " [dockmedic: line truncated, " + totalBytes + " bytes in total]";
    }

    /** Length of {@code bytes[0, end)} without a trailing incomplete UTF-8 sequence. */
    private static int completeUtf8(byte[] bytes, int end) {
        int start = end - 1;
        while (start >= 0 && end - start <= 4 && (bytes[start] & 0xC0) == 0x80) {
            start--;
        }
        if (start < 0) {
            return end;
        }
        int lead = bytes[start] & 0xFF;
        int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return end - start < needed ? start : end;
    }

    private static int indexOfNewline(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
