package io.dockmedic.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.log.LogStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The json-file decoder on files laid out as the engine lays them out (records in the shape Docker
 * writes, made here): escapes, rotation order, records cut or being written, and checkpoints. The same
 * reader on real engine files is {@link DockerLogReadersIT}.
 */
class JsonFileLogTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private Path log() {
        return dir.resolve("abc-json.log");
    }

    /** A record as Docker writes it; Docker trims trailing zeros of the fraction. */
    private static String record(String escapedLog, String stream, Instant time) {
        return "{\"log\":\"" + escapedLog + "\",\"stream\":\"" + stream + "\",\"time\":\"" + time + "\"}\n";
    }

    private static String line(String text, int second) {
        return record(text + "\\n", "stdout", T0.plusSeconds(second));
    }

    private void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** One read: lines and the checkpoints it returned. */
    private record Result(List<LogLine> lines, List<JsonFileLog.Checkpoint> checkpoints, LogCursor cursor) {
        List<String> texts() {
            return lines.stream().map(LogLine::text).toList();
        }
    }

    private static Result read(Path log, LogCursor from, List<JsonFileLog.Checkpoint> known) throws IOException {
        List<LogLine> lines = new ArrayList<>();
        LogCursor.Tracker tracker = from.tracker();
        try (JsonFileLog files = JsonFileLog.open(log)) {
            List<JsonFileLog.Checkpoint> checkpoints = files.read(from, known, T0, line -> {
                if (from.admits(line) && tracker.accept(line)) {
                    lines.add(line);
                }
            }, () -> { });
            return new Result(lines, checkpoints, tracker.cursor());
        }
    }

    private static Result readAll(Path log) throws IOException {
        return read(log, LogCursor.startingAt(Instant.EPOCH), List.of());
    }

    @Test
    void recordsAreDecodedWithEveryEscapeTheEngineWritesAndFieldsItAdds() throws IOException {
        append(log(), "{\"log\":\"\\u003chtml\\u003e \\\"q\\\" \\\\ tab\\t \\u00e9 caf\u00e9 \\ud83d\\ude00 lone \\ud800 "
                + "nul\\u0000 \\u2028\\n\",\"stream\":\"stderr\",\"attrs\":{\"tag\":\"a,}b\",\"n\":[1,{\"x\":2}]},"
                + "\"time\":\"2024-05-01T10:00:00.5Z\"}\n");

        Result result = readAll(log());

        assertThat(result.lines()).containsExactly(new LogLine(Instant.parse("2024-05-01T10:00:00.500Z"),
                LogStream.STDERR, "<html> \"q\" \\ tab\t \u00e9 caf\u00e9 \uD83D\uDE00 lone \uFFFD nul\u0000 \u2028"));
    }

    @Test
    void rotatedFilesAreReadOldestFirstCompressedOnesDecompressedAndAFileBeingCompressedOnce() throws IOException {
        gzip(dir.resolve("abc-json.log.3.gz"), line("oldest", 1));
        gzip(dir.resolve("abc-json.log.2.gz"), line("older", 2));
        append(dir.resolve("abc-json.log.1"), line("previous", 3));
        // The engine compresses .1 into .1.gz and then deletes .1: while both exist, .1 is the whole file.
        gzip(dir.resolve("abc-json.log.1.gz"), line("prev", 3).substring(0, 20));
        append(dir.resolve("abc-json.log.10"), line("far older", 0));
        append(dir.resolve("abc-json.log.backup"), line("not a rotation", 9));
        append(log(), line("current", 4));

        Result result = readAll(log());

        assertThat(result.texts()).containsExactly("far older", "oldest", "older", "previous", "current");
        assertThat(JsonFileLog.list(log())).extracting(p -> p.getFileName().toString())
                .containsExactly("abc-json.log.10", "abc-json.log.3.gz", "abc-json.log.2.gz", "abc-json.log.1",
                        "abc-json.log");
    }

    private static void gzip(Path file, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void recordsEarlierInTheCursorsSecondThanTheCursorAreDroppedBeforeAssemblyAsTheEnginesSinceDoes() throws IOException {
        // A last line without newline (the process exited), then the restarted one's first line, in the same second.
        append(log(), record("exit without newline", "stdout", T0.plusMillis(100))
                + record("after the restart\\n", "stdout", T0.plusMillis(600)));
        LogCursor from = LogCursor.startingAt(T0.plusMillis(500));

        Result result = read(log(), from, List.of());

        // The engine, asked for since=T0.5, sends only the second record, which is a line of its own.
        assertThat(result.lines()).containsExactly(new LogLine(T0.plusMillis(600), LogStream.STDOUT, "after the restart"));
    }

    @Test
    void aRecordStillBeingWrittenIsLeftForTheNextRead() throws IOException {
        String next = line("second", 2);
        append(log(), line("first", 1) + next.substring(0, 15));

        Result first = readAll(log());
        append(log(), next.substring(15));
        Result second = read(log(), first.cursor(), first.checkpoints());

        assertThat(first.texts()).containsExactly("first");
        assertThat(second.texts()).containsExactly("second");
    }

    @Test
    void partsOfALongLineAreJoinedAndALineCutAtTheEndIsReadWholeNextTime() throws IOException {
        append(log(), record("part one, ", "stdout", T0.plusSeconds(1)) + record("part two\\n", "stdout",
                T0.plusSeconds(1)) + record("cut ", "stderr", T0.plusSeconds(2)));

        Result first = readAll(log());
        append(log(), record("line\\n", "stderr", T0.plusSeconds(2)));
        Result second = read(log(), first.cursor(), first.checkpoints());

        // As through the API: the unfinished tail is delivered at the end, and read again whole once finished.
        assertThat(first.texts()).containsExactly("part one, part two", "cut ");
        assertThat(second.texts()).containsExactly("cut line");
    }

    @Test
    void aRecordThatIsNotJsonIsSkippedAndTheRecordsAfterItAreRead() throws IOException {
        append(log(), line("before", 1) + "{\"log\":\"cut short by a crash\n" + "garbage\n" + line("after", 2));

        assertThat(readAll(log()).texts()).containsExactly("before", "after");
    }

    @Test
    void aRescanStartsAtItsCheckpointAndDoesNotDecodeTheOldPartAgain() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append(line(String.format("line %03d", i), i));
        }
        append(log(), text.toString());
        Result first = readAll(log());
        append(log(), line("new", 2000));
        // The old part rewritten in place with a line from the future: only a read that decodes it again sees it.
        String future = line("line 000", 999);
        try (FileChannel channel = FileChannel.open(log(), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(future.getBytes(StandardCharsets.UTF_8)), 0);
        }
        assertThat(future.length()).isEqualTo(line("line 000", 0).length());

        Result rescan = read(log(), first.cursor(), first.checkpoints());
        Result withoutCheckpoints = read(log(), first.cursor(), List.of());

        assertThat(first.lines()).hasSize(100);
        assertThat(first.checkpoints()).hasSizeLessThanOrEqualTo(JsonFileLog.MAX_CHECKPOINTS);
        assertThat(rescan.texts()).containsExactly("new");
        assertThat(withoutCheckpoints.texts()).containsExactly("line 000", "new");
    }

    @Test
    void aCheckpointFollowsItsFileWhenTheEngineRotatesIt() throws IOException {
        append(log(), line("one", 1) + line("two", 2));
        Result first = readAll(log());
        Files.move(log(), dir.resolve("abc-json.log.1"));
        append(log(), line("three", 3));

        Result second = read(log(), first.cursor(), first.checkpoints());

        assertThat(second.texts()).containsExactly("three");
        assertThat(second.checkpoints()).isNotEmpty();
    }

    @Test
    void aFileTruncatedSinceTheCheckpointIsReadFromItsStart() throws IOException {
        append(log(), line("one", 1) + line("two", 2) + line("three", 3));
        Result first = readAll(log());
        try (FileChannel channel = FileChannel.open(log(), StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        append(log(), line("four", 4));

        assertThat(read(log(), first.cursor(), first.checkpoints()).texts()).containsExactly("four");
    }

    @Test
    void aCheckpointIsNotUsedByACursorThatHasNotReadEverythingBeforeIt() throws IOException {
        append(log(), line("one", 1) + line("two", 2) + line("three", 3));
        Result all = readAll(log());

        Result fromTwo = read(log(), LogCursor.startingAt(T0.plusSeconds(2)), all.checkpoints());

        assertThat(fromTwo.texts()).containsExactly("two", "three");
    }

    @Test
    void theSinceSecondIsAppliedToEachMessageAsTheEngineDoes() throws IOException {
        append(log(), record("early part, ", "stdout", T0.plusMillis(900)) + record("late part\\n", "stdout",
                T0.plusSeconds(1)) + line("next", 2));

        Result fromSecondOne = read(log(), LogCursor.startingAt(T0.plusSeconds(1)), List.of());

        assertThat(fromSecondOne.texts()).containsExactly("late part", "next");
    }
}
