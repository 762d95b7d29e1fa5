package io.dockmedic.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.LogSource;
import io.dockmedic.core.container.RuntimeUnavailableException;
import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.log.LogStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two ways of reading a container's log, its {@code json-file} straight from the engine's files and
 * the engine's API, over real containers: the same lines in the same order with the same timestamps and
 * streams, and cursors that behave the same (equal cursors after equal reads; no line twice, none
 * skipped), through Docker's 16 KiB splits, both streams, bare carriage returns, rotation while reading
 * (plain and compressed), container restarts, and log files truncated or removed under the reader.
 */
class DockerLogReadersIT {

    private static final Pattern NUMBERED = Pattern.compile("^(\\d{8}) ");

    private final DockerFixture docker = new DockerFixture();
    private final DockerSettings environment = DockerSettings.fromEnvironment(System.getenv());
    private final DockerRuntime files = new DockerRuntime(environment.withLogFiles(true));
    private final DockerRuntime api = new DockerRuntime(environment.withLogFiles(false));

    @AfterEach
    void cleanUp() {
        files.close();
        api.close();
        docker.close();
    }

    private static String name(String purpose) {
        return "dmtest-readers-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ContainerInfo info(String id, String name) {
        return new ContainerInfo(id, name, DockerFixture.image(), Map.of(), null);
    }

    private Path logPath(String id) {
        return Path.of(docker.inspect(id).getLogPath());
    }

    /** One read: the lines and the cursor after them. */
    private record Read(List<LogLine> lines, LogCursor cursor) {
    }

    private static Read read(DockerRuntime runtime, ContainerInfo container, LogCursor from) {
        List<LogLine> lines = new ArrayList<>();
        LogCursor after = runtime.readLogs(container, from, lines::add);
        return new Read(lines, after);
    }

    /** Reads with both readers; they must agree line for line and cursor for cursor. */
    private Read readBoth(ContainerInfo container, LogCursor from) {
        Read direct = read(files, container, from);
        Read throughApi = read(api, container, from);
        assertThat(files.logSource(container).via()).as("files reader's way").isEqualTo(LogSource.FILE);
        assertThat(api.logSource(container).via()).as("API reader's way").isEqualTo(LogSource.API);
        assertThat(direct.lines()).as("lines read from the file, against the API's").isEqualTo(throughApi.lines());
        assertThat(direct.cursor()).as("cursor after the file read, against the API's").isEqualTo(throughApi.cursor());
        return direct;
    }

    private static Read readAllBoth(DockerLogReadersIT test, ContainerInfo container) {
        return test.readBoth(container, LogCursor.startingAt(Instant.EPOCH));
    }

    private void awaitLines(String id, long newlines) {
        docker.awaitLogNewlines(id, newlines);
    }

    private void write(String id, LogStream stream, String text) {
        docker.exec(id, "sh", "-c", "printf '%s' \"$1\" > /proc/1/fd/$2", "sh", text, stream == LogStream.STDOUT ? "1" : "2");
    }

    @Test
    void bothStreamsInterleavedAreReadTheSameFromTheFileAndThroughTheApi() {
        String name = name("streams");
        String id = docker.runToExit(name, cmd -> { }, "sh", "-c",
                "for i in $(seq 1 1500); do echo \"out $i\"; echo \"err $i\" >&2; done");

        Read all = readAllBoth(this, info(id, name));

        assertThat(all.lines()).hasSize(3000);
        assertThat(all.lines()).filteredOn(l -> l.stream() == LogStream.STDOUT).extracting(LogLine::text)
                .containsExactlyElementsOf(numbered("out ", 1500));
        assertThat(all.lines()).filteredOn(l -> l.stream() == LogStream.STDERR).extracting(LogLine::text)
                .containsExactlyElementsOf(numbered("err ", 1500));
        assertThat(all.lines()).extracting(LogLine::timestamp).doesNotHaveDuplicates();
    }

    private static List<String> numbered(String prefix, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            texts.add(prefix + i);
        }
        return texts;
    }

    @Test
    void readsWithCursorsAgreeAcrossNewLinesRestartsAndAFreshReader() {
        String name = name("cursor");
        String id = docker.run(name, cmd -> { }, "sh", "-c", "echo started; exec sleep 3600");
        ContainerInfo container = info(id, name);
        awaitLines(id, 1);

        Read first = readAllBoth(this, container);
        write(id, LogStream.STDOUT, "one\ntwo\n");
        write(id, LogStream.STDERR, "three\n");
        awaitLines(id, 4);
        Read second = readBoth(container, first.cursor());
        Read quiet = readBoth(container, second.cursor());
        docker.restart(id);
        awaitLines(id, 5); // the restarted program says "started" again, into the same file
        write(id, LogStream.STDOUT, "after restart\n");
        awaitLines(id, 6);
        Read third = readBoth(container, quiet.cursor());
        // dockmedic restarted: a new reader without what the old one remembered, from the stored cursor.
        try (DockerRuntime freshFiles = new DockerRuntime(environment.withLogFiles(true))) {
            assertThat(read(freshFiles, container, second.cursor()).lines()).isEqualTo(third.lines());
        }

        assertThat(first.lines()).extracting(LogLine::text).containsExactly("started");
        assertThat(second.lines()).extracting(LogLine::text).containsExactly("one", "two", "three");
        assertThat(quiet.lines()).isEmpty();
        assertThat(quiet.cursor()).isEqualTo(second.cursor());
        assertThat(third.lines()).extracting(LogLine::text).containsExactly("started", "after restart");
    }

    @Test
    void linesDockerCutsAt16KiBAreJoinedTheSameWayOnBothStreams() {
        String name = name("partial");
        // awk writes each line in one go; Docker stores a line over 16 KiB as several messages.
        String id = docker.runToExit(name, cmd -> { }, "awk", "BEGIN {"
                + " s = \"0123456789abcdef\"; while (length(s) < 100000) s = s s;"
                + " print substr(s, 1, 16384); print substr(s, 1, 16385) > \"/dev/stderr\";"
                + " print substr(s, 1, 40000); print \"short\";"
                + " print substr(s, 1, 100000) > \"/dev/stderr\"; printf \"%s\", substr(s, 1, 20000) }");
        String pattern = "0123456789abcdef".repeat(100000 / 16 + 1);

        Read all = readAllBoth(this, info(id, name));

        assertThat(all.lines()).extracting(LogLine::stream, l -> l.text().length()).containsExactlyInAnyOrder(
                tuple(LogStream.STDOUT, 16384),
                tuple(LogStream.STDERR, 16385),
                tuple(LogStream.STDOUT, 40000),
                tuple(LogStream.STDOUT, 5),
                tuple(LogStream.STDERR, LogLineAssembler.MAX_LINE_BYTES
                        + LogLineAssembler.truncationNote(100000).length()),
                tuple(LogStream.STDOUT, 20000));
        assertThat(all.lines()).filteredOn(l -> l.text().length() == 40000).singleElement()
                .satisfies(l -> assertThat(l.text()).isEqualTo(pattern.substring(0, 40000)));
        assertThat(all.lines()).filteredOn(l -> l.stream() == LogStream.STDERR).last()
                .satisfies(l -> assertThat(l.text()).endsWith(LogLineAssembler.truncationNote(100000)));
        // The file really holds the long line as several records, the first ones without their newline.
        assertThat(records(logPath(id))).anySatisfy(r -> assertThat(r).startsWith("{\"log\":\"0123").doesNotContain("\\n\""));
    }

    private static List<String> records(Path path) {
        try {
            return Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aBareCarriageReturnStaysInsideItsLineAsDockerStoredItOnBothPaths() {
        String name = name("cr");
        String id = docker.run(name, cmd -> { }, "sh", "-c",
                "printf 'a\\rb\\n'; printf 'progress 1\\rprogress 2\\r\\n'; printf 'err\\rline\\n' >&2;"
                        + " printf 'held\\r'; sleep 1; printf 'joined\\n'; exec sleep 3600");
        awaitLines(id, 4);

        Read all = readAllBoth(this, info(id, name));

        // Docker cuts lines at \n only: a bare \r is content (json-file stores it escaped, as written).
        assertThat(records(logPath(id))).anySatisfy(r -> assertThat(r).startsWith("{\"log\":\"a\\rb\\n\""));
        assertThat(all.lines()).extracting(LogLine::text)
                .containsExactlyInAnyOrder("a\rb", "progress 1\rprogress 2", "err\rline", "held\rjoined");
    }

    @ParameterizedTest(name = "compress={0}")
    @ValueSource(booleans = {false, true})
    void rotationWhileBothReadersFollowTheLogLosesAndRepeatsNothing(boolean compress) throws Exception {
        String name = name("rotate");
        int total = 30_000;
        Map<String, String> options = new HashMap<>(Map.of("max-size", "1m", "max-file", "3"));
        if (compress) {
            options.put("compress", "true");
        }
        // About 5,000 numbered lines a second, 160-byte records: the 1 MB file rotates every 1.3 s or so.
        String id = docker.create(name,
                cmd -> cmd.withHostConfig(HostConfig.newHostConfig()
                        .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, options))),
                "sh", "-c", "sleep 1; b=0; while [ $b -lt " + total / 500 + " ]; do awk -v s=$((b*500)) 'BEGIN {"
                        + " for (k = 1; k <= 500; k++) printf \"%08d %s\\n\", s + k, \"lorem ipsum dolor sit amet"
                        + " consectetur adipiscing elit sed do eiusmod\" }'; b=$((b+1)); usleep 100000; done;"
                        + " exec sleep 3600");
        ContainerInfo container = info(id, name);
        docker.start(id);
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            Future<Map<Integer, Instant>> direct = readers.submit(() -> follow(files, container, total, false));
            // Docker 20.10's own reader skips lines around a compressed rotation (177 of 30,000 in one run):
            // there the API may miss lines, never repeat or reorder them.
            Future<Map<Integer, Instant>> throughApi = readers.submit(() -> follow(api, container, total, compress));
            Map<Integer, Instant> fromFiles = direct.get(3, TimeUnit.MINUTES);
            Map<Integer, Instant> fromApi = throughApi.get(3, TimeUnit.MINUTES);

            assertThat(fromFiles).as("every line read from the files").hasSize(total);
            if (compress) {
                assertThat(fromFiles).as("line number -> timestamp, file reader against API reader")
                        .containsAllEntriesOf(fromApi);
                System.out.printf("compressed rotation: the API missed %d of %d lines, the files none%n",
                        total - fromApi.size(), total);
            } else {
                assertThat(fromFiles).as("line number -> timestamp, file reader against API reader").isEqualTo(fromApi);
            }
        } finally {
            readers.shutdownNow();
        }
        assertThat(JsonFileLog.list(logPath(id))).as("the log rotated").hasSize(3);
        assertThat(files.logSource(container).via()).isEqualTo(LogSource.FILE);
    }

    /**
     * Reads the container over and over with a cursor until line {@code total} arrived, slowly enough that
     * rotations happen inside reads; fails on a line read twice, out of order, or (unless
     * {@code gapsAllowed}) skipped.
     */
    private static Map<Integer, Instant> follow(DockerRuntime runtime, ContainerInfo container, int total,
            boolean gapsAllowed) throws InterruptedException {
        Map<Integer, Instant> seen = new HashMap<>();
        int[] last = {0};
        LogCursor cursor = LogCursor.startingAt(Instant.EPOCH);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (last[0] < total) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(runtime.logSource(container) + " reached only line " + last[0]);
            }
            cursor = runtime.readLogs(container, cursor, line -> {
                Matcher m = NUMBERED.matcher(line.text());
                assertThat(m.find()).as("line %s", line.text()).isTrue();
                int number = Integer.parseInt(m.group(1));
                if (gapsAllowed) {
                    assertThat(number).as("line after %d (%s)", last[0], runtime.logSource(container))
                            .isGreaterThan(last[0]);
                } else {
                    assertThat(number).as("line after %d (%s)", last[0], runtime.logSource(container))
                            .isEqualTo(last[0] + 1);
                }
                last[0] = number;
                seen.put(number, line.timestamp());
                if (number % 1000 == 0) {
                    sleepQuietly(20); // a slow sink: reads last long enough for the engine to rotate inside them
                }
            });
            Thread.sleep(150);
        }
        return seen;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aLogFileTruncatedBetweenReadsIsReadOnFromItsNewStartOnBothPaths() throws IOException {
        String name = name("truncated");
        String id = docker.run(name, cmd -> { }, "sh", "-c", "seq 1 1000; exec sleep 3600");
        ContainerInfo container = info(id, name);
        awaitLines(id, 1000);
        Read before = readAllBoth(this, container);

        try (FileChannel log = FileChannel.open(logPath(id), StandardOpenOption.WRITE)) {
            log.truncate(0); // as an administrator reclaiming space would
        }
        write(id, LogStream.STDOUT, "after truncation 1\nafter truncation 2\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.size(logPath(id)) > 0 && records(logPath(id)).size() == 2);
        Read after = readBoth(container, before.cursor());

        assertThat(before.lines()).hasSize(1000);
        assertThat(after.lines()).extracting(LogLine::text).containsExactly("after truncation 1", "after truncation 2");
    }

    @Test
    void aLogFileTruncatedWhileItIsReadEndsTheReadCleanlyAndTheNextReadGetsOnlyNewLines() throws IOException {
        String name = name("truncating");
        String id = docker.run(name, cmd -> { }, "sh", "-c", "seq 1 200000; exec sleep 3600");
        ContainerInfo container = info(id, name);
        awaitLines(id, 200_000);
        Path path = logPath(id);
        List<String> texts = new ArrayList<>();
        AtomicBoolean truncated = new AtomicBoolean();

        LogCursor cursor = files.readLogs(container, LogCursor.startingAt(Instant.EPOCH), line -> {
            texts.add(line.text());
            if (truncated.compareAndSet(false, true)) {
                truncate(path);
            }
        });
        write(id, LogStream.STDOUT, "new line\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> records(path).size() == 1);
        Read next = read(files, container, cursor);

        // What had been read ahead before the truncation arrives, in order, and nothing after it.
        assertThat(texts).isNotEmpty().hasSizeLessThan(200_000);
        assertThat(texts).containsExactlyElementsOf(numbered("", texts.size()));
        assertThat(next.lines()).extracting(LogLine::text).containsExactly("new line");
        assertThat(files.logSource(container).via()).isEqualTo(LogSource.FILE);
    }

    private static void truncate(Path path) {
        try (FileChannel log = FileChannel.open(path, StandardOpenOption.WRITE)) {
            log.truncate(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aLogFileRemovedWhileItIsReadIsStillReadToItsEnd() {
        String name = name("removing");
        String id = docker.runToExit(name, cmd -> { }, "seq", "1", "50000");
        ContainerInfo container = info(id, name);
        Path path = logPath(id);
        List<String> texts = new ArrayList<>();

        files.readLogs(container, LogCursor.startingAt(Instant.EPOCH), line -> {
            if (texts.isEmpty()) {
                delete(path);
            }
            texts.add(line.text());
        });

        assertThat(path).doesNotExist();
        assertThat(texts).hasSize(50_000).endsWith("49999", "50000");
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aLogFileRemovedBeforeTheReadFallsBackToTheApiAndBothReportTheEnginesError() throws IOException {
        String name = name("removed");
        String id = docker.run(name, cmd -> { }, "sh", "-c", "echo one; exec sleep 3600");
        ContainerInfo container = info(id, name);
        awaitLines(id, 1);
        Files.delete(logPath(id));

        Consumer<LogLine> ignore = line -> { };
        // The engine itself answers either way: usually "Error grabbing logs", but under load it was seen to
        // serve the log once (its logger still holds the file). dockmedic's part: it falls back and says why,
        // and an engine error, when there is one, is raised as the engine's one-line message.
        Throwable direct = catchThrowable(() -> files.readLogs(container, LogCursor.startingAt(Instant.EPOCH), ignore));
        assertThat(files.logSource(container).via()).isEqualTo(LogSource.API);
        assertThat(files.logSource(container).detail()).contains("no such file");
        if (direct != null) {
            assertThat(direct).isInstanceOf(RuntimeUnavailableException.class)
                    .hasMessageContaining("refused to read the log of " + name + ": Error grabbing logs")
                    .hasMessageContaining("no such file or directory");
        }
        Throwable viaApi = catchThrowable(() -> api.readLogs(container, LogCursor.startingAt(Instant.EPOCH), ignore));
        if (viaApi != null) {
            assertThat(viaApi).isInstanceOf(RuntimeUnavailableException.class).hasMessageContaining("Error grabbing logs");
        }
    }

    @Test
    void anotherLoggingDriverIsReadThroughTheApiAndSaysWhy() {
        String name = name("local");
        String id = docker.runToExit(name,
                cmd -> cmd.withHostConfig(HostConfig.newHostConfig()
                        .withLogConfig(new LogConfig(LogConfig.LoggingType.LOCAL, Map.of()))),
                "sh", "-c", "echo out; echo err >&2");
        ContainerInfo container = info(id, name);

        Read direct = read(files, container, LogCursor.startingAt(Instant.EPOCH));

        assertThat(files.logSource(container)).isEqualTo(new LogSource(LogSource.API,
                "logging driver local, only json-file is read directly"));
        assertThat(direct.lines()).extracting(LogLine::text).containsExactlyInAnyOrder("out", "err");
    }
}
