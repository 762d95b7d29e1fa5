package io.dockmedic.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerState;
import io.dockmedic.core.container.RuntimeUnavailableException;
import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.log.LogStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter against a fake engine: framing, cursors and every way the engine can fail, over both transports
 * (the subclasses): docker-java's for TCP engines and the scan's own client for unix sockets.
 */
abstract class DockerRuntimeTest {

    private static final ContainerInfo CONTAINER = new ContainerInfo("abc123", "web", "img", Map.of(),
            new ContainerState("running", 0, false, 0, null, 0, null, null, null, null));

    private final FakeDockerEngine engine;
    private final DockerRuntime runtime;

    DockerRuntimeTest(FakeDockerEngine engine) {
        this.engine = engine;
        // The API reader: a fake engine has no log files to read directly.
        runtime = new DockerRuntime(new DockerSettings(engine.host(), false, "", Duration.ofSeconds(2),
                Duration.ofSeconds(1), false));
    }

    /** What listing the containers of an engine at {@code host} fails with. */
    static AbstractThrowableAssert<?, ? extends Throwable> listingFails(String host) {
        try (DockerRuntime runtime = new DockerRuntime(
                new DockerSettings(host, false, "", Duration.ofSeconds(2), Duration.ofSeconds(2)))) {
            return assertThatThrownBy(runtime::listContainers).isInstanceOf(RuntimeUnavailableException.class);
        }
    }

    @AfterEach
    void stop() throws IOException {
        runtime.close();
        engine.close();
    }

    private static byte[] frames(Object... streamAndPayload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < streamAndPayload.length; i += 2) {
            byte[] payload = ((String) streamAndPayload[i + 1]).getBytes(StandardCharsets.UTF_8);
            out.write(streamAndPayload[i] == LogStream.STDERR ? 2 : 1);
            out.writeBytes(new byte[] {0, 0, 0});
            out.writeBytes(new byte[] {(byte) (payload.length >>> 24), (byte) (payload.length >>> 16),
                    (byte) (payload.length >>> 8), (byte) payload.length});
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }

    @Test
    void anErrorTheEngineSendsInsideTheStreamIsThrownAfterTheLinesBeforeIt() {
        byte[] error = "Error grabbing logs: open /var/lib/docker/containers/abc123/abc123-json.log: no such file"
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(frames(LogStream.STDOUT, "2024-05-01T10:00:07.100000000Z before the error\n"));
        body.writeBytes(new byte[] {3, 0, 0, 0, 0, 0, 0, (byte) error.length});
        body.writeBytes(error);
        engine.answer(200, "application/vnd.docker.raw-stream", body.toByteArray());
        List<LogLine> lines = new ArrayList<>();

        assertThatThrownBy(() -> runtime.readLogs(CONTAINER, LogCursor.startingAt(Instant.EPOCH), lines::add))
                .isInstanceOf(RuntimeUnavailableException.class)
                .hasMessageContaining("refused to read the log of web: Error grabbing logs: open ")
                .hasMessageEndingWith("no such file");
        assertThat(lines).extracting(LogLine::text).containsExactly("before the error");
    }

    @Test
    void anEngineWhoseOnlyFrameIsAnErrorIsNotTakenForTtyOutput() {
        byte[] error = "Error grabbing logs: permission denied".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {3, 0, 0, 0, 0, 0, 0, (byte) error.length});
        body.writeBytes(error);
        engine.answer(200, "application/vnd.docker.raw-stream", body.toByteArray());
        List<LogLine> lines = new ArrayList<>();

        assertThatThrownBy(() -> runtime.readLogs(CONTAINER, LogCursor.startingAt(Instant.EPOCH), lines::add))
                .hasMessageContaining("Error grabbing logs: permission denied");
        assertThat(lines).isEmpty();
    }

    @Test
    void readsBothStreamsAskingFromTheCursorsInstantAndDropsWhatItAlreadyRead() {
        engine.answer(200, "application/vnd.docker.raw-stream", frames(
                LogStream.STDOUT, "2024-05-01T10:00:07.100000000Z old line\n",
                LogStream.STDOUT, "2024-05-01T10:00:07.500000000Z already read\n",
                LogStream.STDERR, "2024-05-01T10:00:07.500000000Z same time, other stream\n",
                LogStream.STDOUT, "2024-05-01T10:00:08.000000000Z new line\n"));
        LogLine alreadyRead = new LogLine(Instant.parse("2024-05-01T10:00:07.500Z"), LogStream.STDOUT, "already read");
        LogCursor.Tracker tracker = LogCursor.startingAt(alreadyRead.timestamp()).tracker();
        tracker.accept(alreadyRead);
        LogCursor from = tracker.cursor();
        List<LogLine> lines = new ArrayList<>();

        LogCursor next = runtime.readLogs(CONTAINER, from, lines::add);

        assertThat(engine.requests()).singleElement().asString()
                .contains("/containers/abc123/logs?stdout=1&stderr=1&timestamps=1&since="
                        + Instant.parse("2024-05-01T10:00:07Z").getEpochSecond() + ".500000000");
        assertThat(lines).containsExactly(
                new LogLine(Instant.parse("2024-05-01T10:00:07.500Z"), LogStream.STDERR, "same time, other stream"),
                new LogLine(Instant.parse("2024-05-01T10:00:08Z"), LogStream.STDOUT, "new line"));
        assertThat(next.position()).isEqualTo(Instant.parse("2024-05-01T10:00:08Z"));
        assertThat(next.admits(lines.get(1))).isFalse();
    }

    @Test
    void rawTtyOutputIsReadAsStdout() {
        engine.answer(200, "application/vnd.docker.raw-stream",
                "2024-05-01T10:00:00.000000001Z tty line\r\n2024-05-01T10:00:00.000000002Z second\r\n"
                        .getBytes(StandardCharsets.UTF_8));
        List<LogLine> lines = new ArrayList<>();

        runtime.readLogs(CONTAINER, LogCursor.startingAt(Instant.EPOCH), lines::add);

        assertThat(lines).extracting(LogLine::text).containsExactly("tty line", "second");
        assertThat(lines).extracting(LogLine::stream).containsOnly(LogStream.STDOUT);
    }

    @Test
    void aContainerRemovedBeforeItsLogIsReadYieldsNothingAndKeepsTheCursor() {
        engine.answer(404, "application/json", "{\"message\":\"No such container: abc123\"}".getBytes(StandardCharsets.UTF_8));
        LogCursor from = LogCursor.startingAt(Instant.parse("2024-05-01T10:00:00Z"));
        List<LogLine> lines = new ArrayList<>();

        assertThat(runtime.readLogs(CONTAINER, from, lines::add)).isEqualTo(from);
        assertThat(lines).isEmpty();
    }

    @Test
    void anEngineErrorIsReportedWithTheEnginesOwnMessage() {
        engine.answer(500, "application/json",
                "{\"message\":\"configured logging driver does not support reading\"}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> runtime.readLogs(CONTAINER, LogCursor.startingAt(Instant.EPOCH), line -> { }))
                .isInstanceOf(RuntimeUnavailableException.class)
                .hasMessage("Docker at " + engine.host()
                        + " refused to read the log of web: configured logging driver does not support reading");
        assertThatThrownBy(runtime::listContainers)
                .isInstanceOf(RuntimeUnavailableException.class)
                .hasMessageContaining("refused to list containers")
                .hasMessageContaining("configured logging driver does not support reading");
    }

    @Test
    void anEngineThatStopsTalkingMidLogFailsAfterTheReadTimeoutInsteadOfHanging() {
        engine.stallAfter(frames(LogStream.STDOUT, "2024-05-01T10:00:00.000000001Z before the stall\n"));
        List<LogLine> lines = new ArrayList<>();
        long start = System.nanoTime();

        assertThatThrownBy(() -> runtime.readLogs(CONTAINER, LogCursor.startingAt(Instant.EPOCH), lines::add))
                .isInstanceOf(RuntimeUnavailableException.class)
                .hasMessage("cannot reach Docker at " + engine.host()
                        + ": no answer within 1s; is dockerd hung? set DOCKMEDIC_DOCKER_READ_TIMEOUT to wait longer");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(lines).extracting(LogLine::text).containsExactly("before the stall");
    }

    @Test
    void aSinkThatFailsStopsTheReadAtOnceAndLeavesNoReaderBehind() {
        engine.stallAfter(frames(LogStream.STDOUT, "2024-05-01T10:00:00.000000001Z first\n"));
        long start = System.nanoTime();

        assertThatThrownBy(() -> runtime.readLogs(CONTAINER, LogCursor.startingAt(Instant.EPOCH), line -> {
            throw new IllegalStateException("analysis failed on " + line.text());
        })).isInstanceOf(IllegalStateException.class).hasMessage("analysis failed on first");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("dockmedic-log-reader"));
    }

    @Test
    void aLongLogArrivesCompleteAndInOrderThroughTheReaderThread() {
        Object[] streamAndPayload = new Object[2 * 10_000];
        for (int i = 0; i < 10_000; i++) {
            streamAndPayload[2 * i] = i % 10 == 0 ? LogStream.STDERR : LogStream.STDOUT;
            streamAndPayload[2 * i + 1] = String.format("2024-05-01T10:00:%02d.%09dZ line %d%n", i / 1000, i, i);
        }
        engine.answer(200, "application/vnd.docker.raw-stream", frames(streamAndPayload));
        List<String> texts = new ArrayList<>();

        runtime.readLogs(CONTAINER, LogCursor.startingAt(Instant.EPOCH), line -> texts.add(line.text()));

        assertThat(texts).hasSize(10_000).startsWith("line 0", "line 1").endsWith("line 9999");
    }

    @Test
    void anUnsupportedDockerHostIsRejectedUpFront() {
        assertThatThrownBy(() -> new DockerRuntime(
                new DockerSettings("ssh://user@host", false, "", Duration.ofSeconds(1), Duration.ofSeconds(1))))
                .isInstanceOf(RuntimeUnavailableException.class)
                .hasMessageContaining("DOCKER_HOST 'ssh://user@host' is not supported");
    }
}
