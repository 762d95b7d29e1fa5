package io.dockmedic.docker;

import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.log.LogStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * A container's {@code json-file} log read straight from the engine's files, as the engine itself
 * reads them for {@code GET /containers/{id}/logs}: the rotated files oldest first ({@code LogPath.N}
 * down to {@code LogPath.1}, gzip-compressed ones as {@code LogPath.N.gz}), then {@code LogPath}.
 *
 * <p>Each file holds one JSON record per line, {@code {"log":"text\n","stream":"stdout","time":"..."}},
 * one record per daemon message; a message without its {@code \n} is the first part of a longer line
 * (Docker cuts lines at 16 KiB) or a last line without newline. The records go through the same
 * {@link LogLineAssembler} as the API's frames, with the same {@code since} filter the engine applies
 * (messages stamped before the cursor's instant are dropped), so both ways yield the same lines with the same
 * timestamps, and the same cursor admits the same ones.
 *
 * <p>All files are opened before the first record is read, and the set is listed again afterwards:
 * a rotation in between opens it again, so a rotation never makes a file be skipped; once open, a
 * file stays readable when the engine renames, compresses or deletes it. A record still being
 * written at the end of {@code LogPath} is left for the next read.
 *
 * <p>Reading remembers {@link Checkpoint}s: a later read whose cursor has already read everything
 * before one starts there instead of at the oldest file, which makes a rescan of a quiet container
 * cost what it wrote since, not its log's size. Not thread-safe.
 */
final class JsonFileLog implements Closeable {

    /** Checkpoints kept per container: about one per second of its log, the newest. */
    static final int MAX_CHECKPOINTS = 32;

    private static final int BUFFER_BYTES = 256 * 1024;
    /** A record longer than this is not Docker's (a 16 KiB message escapes to at most 96 KiB): skipped. */
    private static final int MAX_RECORD_BYTES = 4 * 1024 * 1024;
    private static final int OPEN_ATTEMPTS = 5;
    /** How far back from a checkpoint its record is looked for (a Docker record is at most about 96 KiB). */
    private static final int TAIL_BYTES = 128 * 1024;

    /**
     * A place in the log set that a later read may start from: everything before it was written at or
     * before {@code maxTime}, and the lines stamped exactly {@code maxTime} have the keys {@code keysAtMax}.
     *
     * @param fileKey identity of the (uncompressed) file, which survives the engine renaming it on rotation
     * @param offset byte offset of a record start in that file; no line is unfinished there
     * @param previousTime the time field of the record that ends there, to tell the same file from one
     *     truncated and written again past this offset
     * @param maxTime the newest timestamp of any record before it
     * @param keysAtMax keys ({@link LogCursor#key}) of the lines before it stamped {@code maxTime}
     * @param keysComplete false when records at {@code maxTime} were dropped by the read's {@code since}
     */
    record Checkpoint(Object fileKey, long offset, Instant previousTime, Instant maxTime, Set<String> keysAtMax,
            boolean keysComplete) {
        Checkpoint {
            keysAtMax = Set.copyOf(keysAtMax);
        }

        /** Whether a read from {@code from} admits no line written before this checkpoint. */
        boolean passedBy(LogCursor from) {
            int order = maxTime.compareTo(from.position());
            return order < 0 || order == 0 && keysComplete && from.seenAtPosition().containsAll(keysAtMax);
        }
    }

    /** One file of the set, opened. */
    private record OpenFile(Path path, boolean compressed, Object key, FileChannel channel) {
    }

    private final Path logPath;
    private final List<OpenFile> files;

    private JsonFileLog(Path logPath, List<OpenFile> files) {
        this.logPath = logPath;
        this.files = files;
    }

    /**
     * Opens every file of the log set at {@code logPath}.
     *
     * @throws IOException when a file cannot be opened (not there, not readable) or the set keeps
     *     rotating under the opening
     */
    static JsonFileLog open(Path logPath) throws IOException {
        for (int attempt = 1; ; attempt++) {
            List<Path> listed = list(logPath);
            List<Object> keys = keys(listed);
            List<OpenFile> opened = new ArrayList<>(listed.size());
            try {
                for (int i = 0; i < listed.size(); i++) {
                    Path path = listed.get(i);
                    opened.add(new OpenFile(path, path.getFileName().toString().endsWith(".gz"), keys.get(i),
                            FileChannel.open(path, StandardOpenOption.READ)));
                }
            } catch (NoSuchFileException rotatedAway) {
                closeAll(opened);
                if (attempt == OPEN_ATTEMPTS || !Files.exists(logPath)) {
                    throw rotatedAway;
                }
                continue;
            } catch (IOException | RuntimeException e) {
                closeAll(opened);
                throw e;
            }
            List<Path> again = list(logPath);
            if (again.equals(listed) && keys(again).equals(keys)) {
                return new JsonFileLog(logPath, opened);
            }
            closeAll(opened); // rotated while opening: what each name stands for changed
            if (attempt == OPEN_ATTEMPTS) {
                throw new IOException(logPath + " kept rotating while it was opened");
            }
        }
    }

    /** How many files the set has. */
    int fileCount() {
        return files.size();
    }

    /**
     * The files of the set, oldest first. Where both {@code LogPath.N} and {@code LogPath.N.gz} exist
     * the engine is compressing the first into the second: the uncompressed one is complete, the
     * other not yet.
     */
    static List<Path> list(Path logPath) throws IOException {
        Path dir = logPath.toAbsolutePath().getParent();
        String base = logPath.getFileName().toString();
        List<long[]> numbered = new ArrayList<>(); // {N, 1 if gz}
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, base + ".*")) {
            for (Path entry : entries) {
                String rest = entry.getFileName().toString().substring(base.length() + 1);
                boolean gz = rest.endsWith(".gz");
                String digits = gz ? rest.substring(0, rest.length() - 3) : rest;
                if (!digits.isEmpty() && digits.length() < 10 && digits.chars().allMatch(Character::isDigit)) {
                    numbered.add(new long[] {Long.parseLong(digits), gz ? 1 : 0});
                }
            }
        }
        // By N descending (oldest first); for one N the uncompressed file sorts first and wins.
        numbered.sort((a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]));
        List<Path> files = new ArrayList<>();
        long previous = -1;
        for (long[] n : numbered) {
            if (n[0] != previous) {
                files.add(dir.resolve(base + "." + n[0] + (n[1] == 1 ? ".gz" : "")));
                previous = n[0];
            }
        }
        files.add(dir.resolve(base));
        return files;
    }

    private static List<Object> keys(List<Path> paths) throws IOException {
        List<Object> keys = new ArrayList<>(paths.size());
        for (Path path : paths) {
            keys.add(Objects.requireNonNullElse(
                    Files.readAttributes(path, BasicFileAttributes.class).fileKey(), path.toString()));
        }
        return keys;
    }

    /**
     * Decodes the records from {@code from}'s instant on into lines, oldest first, starting at
     * the newest of {@code known} that {@code from} has passed, and returns the checkpoints to keep.
     *
     * @param undated the time for a line without a timestamp (never in a Docker file)
     */
    List<Checkpoint> read(LogCursor from, List<Checkpoint> known, Instant undated, Consumer<LogLine> lines,
            Runnable drained) throws IOException {
        int startFile = 0;
        long startOffset = 0;
        List<Checkpoint> kept = new ArrayList<>();
        for (int i = known.size() - 1; i >= 0 && kept.isEmpty(); i--) {
            Checkpoint checkpoint = known.get(i);
            int file = startOf(checkpoint, from);
            if (file >= 0) {
                startFile = file;
                startOffset = checkpoint.offset();
                kept.addAll(known.subList(0, i + 1));
            }
        }
        Instant since = from.position().isBefore(Instant.EPOCH) ? Instant.EPOCH : from.position();
        Decoder decoder = new Decoder(since, undated, lines, kept,
                kept.isEmpty() ? null : kept.get(kept.size() - 1));
        for (int i = startFile; i < files.size(); i++) {
            OpenFile file = files.get(i);
            decoder.readFile(file, i == startFile ? startOffset : 0, i == files.size() - 1, drained);
        }
        decoder.finish();
        List<Checkpoint> checkpoints = decoder.checkpoints;
        return checkpoints.size() <= MAX_CHECKPOINTS ? checkpoints
                : List.copyOf(checkpoints.subList(checkpoints.size() - MAX_CHECKPOINTS, checkpoints.size()));
    }

    /** The index of the file where {@code checkpoint} lets a read from {@code from} start, or -1. */
    private int startOf(Checkpoint checkpoint, LogCursor from) throws IOException {
        if (!checkpoint.passedBy(from)) {
            return -1;
        }
        for (int i = 0; i < files.size(); i++) {
            OpenFile file = files.get(i);
            if (file.compressed() || !file.key().equals(checkpoint.fileKey())) {
                continue;
            }
            // Truncated (and maybe written again) under the same inode: the record before the offset differs.
            return checkpoint.previousTime().equals(timeOfRecordEndingAt(file.channel(), checkpoint.offset())) ? i : -1;
        }
        return -1;
    }

    /** The time field of the record whose newline is the byte before {@code offset}, or null. */
    private static Instant timeOfRecordEndingAt(FileChannel channel, long offset) throws IOException {
        if (offset <= 0 || channel.size() < offset) {
            return null;
        }
        int length = (int) Math.min(offset, TAIL_BYTES);
        ByteBuffer tail = ByteBuffer.allocate(length);
        while (tail.hasRemaining() && channel.read(tail, offset - length + tail.position()) > 0) {
            // positional reads until the tail is full
        }
        byte[] b = tail.array();
        int end = tail.position() - 1;
        if (end < 0 || b[end] != '\n') {
            return null;
        }
        // Docker writes the time field last: ...,"time":"2024-05-01T10:00:00.5Z"}
        int close = end - 1;
        while (close >= 0 && b[close] != '"') {
            close--;
        }
        int open = close - 1;
        while (open >= 0 && b[open] != '"') {
            open--;
        }
        if (open < 8 || b[open - 1] != ':' || b[open - 2] != '"' || !Decoder.is(b, open - 6, "time")) {
            return null;
        }
        return new DockerTimestamp().parse(b, open + 1, close - open - 1);
    }

    @Override
    public void close() {
        closeAll(files);
    }

    private static void closeAll(List<OpenFile> files) {
        for (OpenFile file : files) {
            try {
                file.channel().close();
            } catch (IOException e) {
                // read-only: nothing to lose
            }
        }
    }

    @Override
    public String toString() {
        return logPath.toString();
    }

    /** Decodes records into lines across the files of one read, and notes checkpoints on the way. */
    private static final class Decoder {
        private final Instant since;
        private final LogLineAssembler stdout;
        private final LogLineAssembler stderr;
        private final DockerTimestamp timestamps = new DockerTimestamp();
        private final List<Checkpoint> checkpoints;

        private byte[] buffer = new byte[BUFFER_BYTES];
        private byte[] text = new byte[16 * 1024];
        private int textLength;
        private LogStream stream;
        private Instant time;

        /**
         * Newest record time before the current record (over the whole set, also before the checkpoint
         * this read started at), and the lines stamped with the newest line time.
         */
        private Instant maxTime;
        private boolean maxTimeComplete = true;
        private Instant lineMaxTime;
        private final List<LogLine> linesAtMax = new ArrayList<>();
        private final Set<String> keysAtMaxBefore = new HashSet<>();
        private long lastCheckpointSecond = Long.MIN_VALUE;
        /** Time field of the record read last in the current file; null at its start or after a bad record. */
        private Instant previousTime;
        private Instant endPreviousTime;
        private Object endKey;
        private long endOffset = -1;

        Decoder(Instant since, Instant undated, Consumer<LogLine> lines, List<Checkpoint> inherited,
                Checkpoint start) {
            this.since = since;
            this.checkpoints = inherited;
            if (start != null) {
                previousTime = start.previousTime();
                lastCheckpointSecond = start.maxTime().getEpochSecond();
                maxTime = start.maxTime();
                maxTimeComplete = start.keysComplete();
                lineMaxTime = start.maxTime();
                keysAtMaxBefore.addAll(start.keysAtMax());
            }
            Consumer<LogLine> noted = line -> {
                int order = lineMaxTime == null ? 1 : line.timestamp().compareTo(lineMaxTime);
                if (order > 0) {
                    lineMaxTime = line.timestamp();
                    linesAtMax.clear();
                    keysAtMaxBefore.clear();
                }
                if (order >= 0) {
                    linesAtMax.add(line);
                }
                lines.accept(line);
            };
            this.stdout = new LogLineAssembler(LogStream.STDOUT, true, undated, noted);
            this.stderr = new LogLineAssembler(LogStream.STDERR, true, undated, noted);
        }

        void readFile(OpenFile file, long startOffset, boolean current, Runnable drained) throws IOException {
            InputStream in = file.compressed()
                    ? new GZIPInputStream(Channels.newInputStream(file.channel().position(0)), 64 * 1024)
                    : Channels.newInputStream(file.channel().position(startOffset));
            long consumed = file.compressed() ? 0 : startOffset; // file offset of buffer[0]
            boolean offsetsKnown = !file.compressed(); // checkpoints only point into files kept as they are
            int filled = 0;
            while (true) {
                int n;
                try {
                    n = in.read(buffer, filled, buffer.length - filled);
                } catch (EOFException cutShort) {
                    n = -1; // a compressed file cut short (the engine stopped while compressing): what it held is read
                }
                if (n < 0) {
                    break;
                }
                filled += n;
                int start = 0;
                int newline;
                while ((newline = indexOf(buffer, start, filled)) >= 0) {
                    record(offsetsKnown ? file.key() : null, consumed + start, buffer, start, newline);
                    start = newline + 1;
                }
                if (start == 0 && filled == buffer.length) {
                    if (buffer.length >= MAX_RECORD_BYTES) {
                        filled = 0; // not a Docker record: dropped up to its newline
                        skipToNewline(in);
                        offsetsKnown = false;
                        continue;
                    }
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                    continue;
                }
                System.arraycopy(buffer, start, buffer, 0, filled - start);
                consumed += start;
                filled -= start;
                if (filled == 0) {
                    drained.run();
                }
            }
            // A record without its newline at the end of the current file is still being written; in a
            // rotated file it can only be a cut one. Either way it is not read.
            if (current && offsetsKnown) {
                endKey = file.key();
                endOffset = consumed;
                endPreviousTime = previousTime;
            }
            previousTime = null; // the next file starts without a record before it
        }

        private static void skipToNewline(InputStream in) throws IOException {
            int b;
            do {
                b = in.read();
            } while (b >= 0 && b != '\n');
        }

        private Checkpoint checkpoint(Object key, long offset, Instant previous) {
            Set<String> keys = new HashSet<>();
            if (maxTime.equals(lineMaxTime)) {
                keys.addAll(keysAtMaxBefore);
                for (LogLine line : linesAtMax) {
                    keys.add(LogCursor.key(line));
                }
            }
            return new Checkpoint(key, offset, previous, maxTime, keys, maxTimeComplete);
        }

        void finish() {
            boolean partial = stdout.holdsPartialLine() || stderr.holdsPartialLine();
            stdout.finish();
            stderr.finish();
            // A line delivered unfinished is read whole again next time, as the engine would: no checkpoint after it.
            if (!partial && endOffset > 0 && endPreviousTime != null && maxTime != null) {
                checkpoints.add(checkpoint(endKey, endOffset, endPreviousTime));
            }
        }

        /** One record at {@code offset} of the file {@code key} (null: offsets unknown there). */
        private void record(Object key, long offset, byte[] b, int start, int end) {
            if (!parse(b, start, end)) {
                previousTime = null;
                return; // not a log record (cut by a crash): the engine's own reader would stop here; this one goes on
            }
            // About one checkpoint per second of log, at a record start where no line is unfinished.
            if (key != null && maxTime != null && previousTime != null && time.getEpochSecond() > lastCheckpointSecond
                    && !stdout.holdsPartialLine() && !stderr.holdsPartialLine()) {
                checkpoints.add(checkpoint(key, offset, previousTime));
                lastCheckpointSecond = time.getEpochSecond();
            }
            previousTime = time;
            int order = maxTime == null ? 1 : time.compareTo(maxTime);
            if (order > 0) {
                maxTime = time;
                maxTimeComplete = true;
            }
            boolean dropped = time.isBefore(since);
            if (order >= 0 && dropped) {
                maxTimeComplete = false; // a line at maxTime may be among those dropped
            }
            if (dropped) {
                return; // what the engine's since filter drops
            }
            (stream == LogStream.STDERR ? stderr : stdout).acceptMessage(time, text, 0, textLength);
        }

        // ---- one JSON record: {"log":"...","stream":"stdout","time":"...", other fields skipped} ----

        private int pos;

        private boolean parse(byte[] b, int start, int end) {
            textLength = -1;
            stream = LogStream.STDOUT;
            time = null;
            pos = skipSpace(b, start, end);
            if (pos >= end || b[pos++] != '{') {
                return false;
            }
            while (true) {
                pos = skipSpace(b, pos, end);
                if (pos >= end) {
                    return false;
                }
                if (b[pos] == '}') {
                    break;
                }
                if (b[pos] == ',') {
                    pos++;
                    continue;
                }
                if (b[pos] != '"') {
                    return false;
                }
                int keyStart = pos + 1;
                int keyEnd = stringEnd(b, keyStart, end);
                if (keyEnd < 0) {
                    return false;
                }
                pos = skipSpace(b, keyEnd + 1, end);
                if (pos >= end || b[pos++] != ':') {
                    return false;
                }
                pos = skipSpace(b, pos, end);
                if (pos >= end) {
                    return false;
                }
                int keyLength = keyEnd - keyStart;
                if (keyLength == 3 && b[keyStart] == 'l' && b[keyStart + 1] == 'o' && b[keyStart + 2] == 'g'
                        && b[pos] == '"') {
                    if (!decodeText(b, end)) {
                        return false;
                    }
                } else if (keyLength == 6 && is(b, keyStart, "stream") && b[pos] == '"') {
                    int valueEnd = stringEnd(b, pos + 1, end);
                    if (valueEnd < 0) {
                        return false;
                    }
                    stream = valueEnd - pos - 1 == 6 && is(b, pos + 1, "stderr") ? LogStream.STDERR : LogStream.STDOUT;
                    pos = valueEnd + 1;
                } else if (keyLength == 4 && is(b, keyStart, "time") && b[pos] == '"') {
                    int valueEnd = stringEnd(b, pos + 1, end);
                    if (valueEnd < 0) {
                        return false;
                    }
                    time = timestamps.parse(b, pos + 1, valueEnd - pos - 1);
                    pos = valueEnd + 1;
                } else if (!skipValue(b, end)) {
                    return false;
                }
            }
            return textLength >= 0 && time != null;
        }

        static boolean is(byte[] b, int at, String ascii) {
            if (at < 0) {
                return false;
            }
            for (int i = 0; i < ascii.length(); i++) {
                if (b[at + i] != ascii.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private static int skipSpace(byte[] b, int i, int end) {
            while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
                i++;
            }
            return i;
        }

        /** Index of the quote closing a string whose content starts at {@code i}, or -1. */
        private static int stringEnd(byte[] b, int i, int end) {
            while (i < end) {
                byte c = b[i];
                if (c == '"') {
                    return i;
                }
                i += c == '\\' ? 2 : 1;
            }
            return -1;
        }

        /** Moves {@link #pos} past a value of a field that is not read, up to the next ',' or '}'. */
        private boolean skipValue(byte[] b, int end) {
            int depth = 0;
            while (pos < end) {
                byte c = b[pos];
                if (c == '"') {
                    int close = stringEnd(b, pos + 1, end);
                    if (close < 0) {
                        return false;
                    }
                    pos = close + 1;
                } else if (c == '{' || c == '[') {
                    depth++;
                    pos++;
                } else if (c == '}' || c == ']') {
                    if (depth == 0) {
                        return true;
                    }
                    depth--;
                    pos++;
                } else if (c == ',' && depth == 0) {
                    return true;
                } else {
                    pos++;
                }
            }
            return false;
        }

        /** Decodes the JSON string at {@code pos} into {@link #text} as UTF-8; unescaped runs are copied whole. */
        private boolean decodeText(byte[] b, int end) {
            int i = pos + 1;
            int n = 0;
            byte[] out = text;
            while (true) {
                int run = i;
                while (i < end && b[i] != '"' && b[i] != '\\') {
                    i++;
                }
                if (i >= end) {
                    return false;
                }
                if (n + (i - run) + 4 > out.length) {
                    out = Arrays.copyOf(out, Math.max(out.length * 2, n + (i - run) + 4));
                }
                System.arraycopy(b, run, out, n, i - run);
                n += i - run;
                if (b[i] == '"') {
                    break;
                }
                if (i + 1 >= end) {
                    return false;
                }
                byte e = b[i + 1];
                i += 2;
                switch (e) {
                    case 'n' -> out[n++] = '\n';
                    case 'r' -> out[n++] = '\r';
                    case 't' -> out[n++] = '\t';
                    case 'b' -> out[n++] = '\b';
                    case 'f' -> out[n++] = '\f';
                    case 'u' -> {
                        int unit = hex4(b, i, end);
                        if (unit < 0) {
                            return false;
                        }
                        i += 4;
                        int codePoint = unit;
                        if (Character.isHighSurrogate((char) unit)) {
                            int low = i + 6 <= end && b[i] == '\\' && b[i + 1] == 'u' ? hex4(b, i + 2, end) : -1;
                            if (low >= 0 && Character.isLowSurrogate((char) low)) {
                                codePoint = Character.toCodePoint((char) unit, (char) low);
                                i += 6;
                            } else {
                                codePoint = 0xFFFD;
                            }
                        } else if (Character.isLowSurrogate((char) unit)) {
                            codePoint = 0xFFFD;
                        }
                        n = utf8(out, n, codePoint);
                    }
                    default -> out[n++] = e; // \" \\ \/
                }
            }
            text = out;
            textLength = n;
            pos = i + 1;
            return true;
        }

        private static int hex4(byte[] b, int i, int end) {
            if (i + 4 > end) {
                return -1;
            }
            int value = 0;
            for (int k = i; k < i + 4; k++) {
                int d = Character.digit(b[k], 16);
                if (d < 0) {
                    return -1;
                }
                value = value * 16 + d;
            }
            return value;
        }

        private static int utf8(byte[] out, int n, int cp) {
            if (cp < 0x80) {
                out[n++] = (byte) cp;
            } else if (cp < 0x800) {
                out[n++] = (byte) (0xC0 | cp >> 6);
                out[n++] = (byte) (0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                out[n++] = (byte) (0xE0 | cp >> 12);
                out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | cp & 0x3F);
            } else {
                out[n++] = (byte) (0xF0 | cp >> 18);
                out[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | cp & 0x3F);
            }
            return n;
        }

        private static int indexOf(byte[] b, int from, int to) {
            for (int i = from; i < to; i++) {
                if (b[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }
    }
}
