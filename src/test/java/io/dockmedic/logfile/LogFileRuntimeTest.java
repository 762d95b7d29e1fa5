package io.dockmedic.logfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockmedic.core.container.RuntimeUnavailableException;
import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.log.LogStream;
import io.dockmedic.docker.LogLineAssembler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileRuntimeTest {

    private static final Instant MODIFIED = Instant.parse("2024-05-02T08:00:00Z");

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path path = Files.writeString(dir.resolve(name), content);
        Files.setLastModifiedTime(path, FileTime.from(MODIFIED));
        return path;
    }

    private static List<LogLine> read(LogFileRuntime runtime, LogCursor from) {
        List<LogLine> lines = new ArrayList<>();
        runtime.readLogs(runtime.listContainers().get(0), from, lines::add);
        return lines;
    }

    private static List<LogLine> readAll(LogFileRuntime runtime) {
        return read(runtime, LogCursor.startingAt(Instant.EPOCH));
    }

    @Test
    void aSavedLogIsOneContainerNamedAfterTheFileWithNoState() throws IOException {
        LogFileRuntime runtime = LogFileRuntime.ofFile(file("api.log", "hello\n"));

        assertThat(runtime.listContainers()).singleElement().satisfies(container -> {
            assertThat(container.name()).isEqualTo("api.log");
            assertThat(container.id()).isEqualTo("file:" + dir.resolve("api.log").toAbsolutePath());
            assertThat(container.state()).isNull();
        });
    }

    @Test
    void dockerLogsTimestampsAreUsedAndRemoved() throws IOException {
        LogFileRuntime runtime = LogFileRuntime.ofFile(file("api.log",
                "2024-05-01T10:00:00.000000001Z ERROR db down\n2024-05-01T10:00:01.5Z recovered\n"));

        assertThat(readAll(runtime)).containsExactly(
                new LogLine(Instant.parse("2024-05-01T10:00:00.000000001Z"), LogStream.STDOUT, "ERROR db down"),
                new LogLine(Instant.parse("2024-05-01T10:00:01.500Z"), LogStream.STDOUT, "recovered"));
    }

    @Test
    void linesWithoutTimestampsKeepTheirOrderFromTheFilesModificationTime() throws IOException {
        LogFileRuntime runtime = LogFileRuntime.ofFile(file("plain.log", "one\ntwo\nthree"));

        List<LogLine> lines = readAll(runtime);

        assertThat(lines).extracting(LogLine::text).containsExactly("one", "two", "three");
        assertThat(lines).extracting(LogLine::timestamp)
                .containsExactly(MODIFIED, MODIFIED.plusNanos(1), MODIFIED.plusNanos(2));
    }

    @Test
    void identicalUndatedLinesAreEachReadNotMergedAsRepeats() throws IOException {
        LogFileRuntime runtime = LogFileRuntime.ofFile(file("repeats.log", "FATAL: password authentication failed\n".repeat(100)));

        assertThat(readAll(runtime)).hasSize(100);
    }

    @Test
    void theCursorWorksAsForDocker() throws IOException {
        LogFileRuntime runtime = LogFileRuntime.ofFile(file("api.log",
                "2024-05-01T10:00:00Z old\n2024-05-01T10:00:05Z new\n"));
        List<LogLine> lines = new ArrayList<>();

        LogCursor after = runtime.readLogs(runtime.listContainers().get(0), LogCursor.startingAt(Instant.EPOCH), lines::add);

        assertThat(read(runtime, after)).isEmpty();
        assertThat(read(runtime, LogCursor.startingAt(Instant.parse("2024-05-01T10:00:01Z"))))
                .extracting(LogLine::text).containsExactly("new");
    }

    @Test
    void standardInputIsReadOnce() {
        LogFileRuntime runtime = LogFileRuntime.ofStdin(
                new ByteArrayInputStream("first\nsecond\n".getBytes(StandardCharsets.UTF_8)), MODIFIED);

        assertThat(runtime.listContainers().get(0).name()).isEqualTo("stdin");
        assertThat(readAll(runtime)).extracting(LogLine::text).containsExactly("first", "second");
        assertThat(readAll(runtime)).isEmpty();
    }

    @Test
    void aGzippedLogIsReadDecompressed() throws IOException {
        Path gz = dir.resolve("old.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("2024-05-01T10:00:00Z compressed line\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(readAll(LogFileRuntime.ofFile(gz))).extracting(LogLine::text).containsExactly("compressed line");
    }

    @Test
    void aHugeOrBinaryLineInAFileIsCutAndMadeSafe() throws IOException {
        Path path = dir.resolve("bad.log");
        byte[] binary = {'b', 'i', 'n', (byte) 0xFF, '\n'};
        Files.write(path, ("x".repeat(200_000) + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(path, binary, java.nio.file.StandardOpenOption.APPEND);

        List<LogLine> lines = readAll(LogFileRuntime.ofFile(path));

        assertThat(lines.get(0).text()).endsWith(LogLineAssembler.truncationNote(200_000));
        assertThat(lines.get(1).text()).isEqualTo("bin\uFFFD");
    }

    @Test
    void aMissingFileIsAClearError() {
        Path missing = dir.resolve("missing.log");
        LogFileRuntime runtime = LogFileRuntime.ofFile(missing);

        assertThatThrownBy(runtime::listContainers)
                .isInstanceOf(RuntimeUnavailableException.class)
                .hasMessage("cannot read log file " + missing + ": no such file");
    }

    @Test
    void aFolderIsNotALogFile() {
        assertThatThrownBy(() -> LogFileRuntime.ofFile(dir).listContainers())
                .isInstanceOf(RuntimeUnavailableException.class)
                .hasMessage("cannot read log file " + dir + ": not a regular file");
    }
}
