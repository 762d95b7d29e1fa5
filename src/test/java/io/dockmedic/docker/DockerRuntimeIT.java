package io.dockmedic.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.log.LogStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Docker adapter on the real engine: container states as Docker reports them, and log edge cases. */
class DockerRuntimeIT {

    private final DockerFixture docker = new DockerFixture();
    private final DockerRuntime runtime = DockerRuntime.fromEnvironment();

    @AfterEach
    void cleanUp() {
        runtime.close();
        docker.close();
    }

    private static String name(String purpose) {
        return "dmtest-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private ContainerInfo listed(String name) {
        return runtime.listContainers().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not listed"));
    }

    private List<LogLine> readAll(ContainerInfo container) {
        List<LogLine> lines = new ArrayList<>();
        runtime.readLogs(container, LogCursor.startingAt(Instant.EPOCH), lines::add);
        return lines;
    }

    @Test
    void aCrashedContainerIsListedAsExitedWithItsCodeAndTimes() {
        String name = name("crash");
        docker.runToExit(name, cmd -> { }, "sh", "-c", "echo starting; echo 'fatal: config missing' >&2; exit 2");

        ContainerInfo crashed = listed(name);

        assertThat(crashed.state().status()).isEqualTo("exited");
        assertThat(crashed.state().exitCode()).isEqualTo(2);
        assertThat(crashed.state().oomKilled()).isFalse();
        assertThat(crashed.state().startedAt()).isNotNull();
        // Docker records startedAt after the process may already have finished, so only closeness holds.
        assertThat(Duration.between(crashed.state().startedAt(), crashed.state().finishedAt()).abs())
                .isLessThan(Duration.ofSeconds(30));
        assertThat(crashed.image()).isEqualTo(DockerFixture.image());
        // Docker timestamps each stream when its reader gets to it, so near-simultaneous lines of
        // stdout and stderr can be stored in either order.
        assertThat(readAll(crashed)).extracting(LogLine::stream, LogLine::text).containsExactlyInAnyOrder(
                tuple(LogStream.STDOUT, "starting"),
                tuple(LogStream.STDERR, "fatal: config missing"));
    }

    @Test
    void aContainerOverItsMemoryLimitIsReportedOomKilled() {
        String name = name("oom");
        long limit = 8L * 1024 * 1024;
        String id = docker.runToExit(name,
                cmd -> cmd.withHostConfig(HostConfig.newHostConfig().withMemory(limit).withMemorySwap(limit)),
                "sh", "-c", "head -c 100000000 /dev/zero | tail");
        // Docker can record the exit before the kernel's OOM event reaches it; the flag follows shortly.
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(docker.inspect(id).getState().getOOMKilled()));

        ContainerInfo killed = listed(name);

        assertThat(killed.state().oomKilled()).isTrue();
        assertThat(killed.state().status()).isEqualTo("exited");
        assertThat(killed.state().exitCode()).isEqualTo(137);
    }

    @Test
    void aContainerInARestartLoopShowsARisingRestartCount() {
        String name = name("loop");
        docker.run(name, cmd -> cmd.withHostConfig(HostConfig.newHostConfig().withRestartPolicy(RestartPolicy.alwaysRestart())),
                "sh", "-c", "echo 'connecting to db'; echo 'db unreachable' >&2; exit 1");

        await().atMost(Duration.ofSeconds(30)).until(() -> listed(name).state().restartCount() >= 2);
        ContainerInfo looping = listed(name);

        assertThat(looping.state().status()).isIn("restarting", "running", "exited");
        // Between runs Docker reports the last exit code; while a new run is up it reports 0.
        assertThat(looping.state().exitCode()).isEqualTo(looping.state().running() ? 0 : 1);
        assertThat(readAll(looping)).extracting(LogLine::text).contains("db unreachable").hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void aFailingHealthCheckMakesTheContainerUnhealthyWithTheChecksOutput() {
        String name = name("unhealthy");
        docker.run(name, cmd -> cmd.withHealthcheck(new HealthCheck()
                        .withTest(List.of("CMD-SHELL", "echo 'db down'; exit 1"))
                        .withInterval(Duration.ofMillis(200).toNanos())
                        .withTimeout(Duration.ofSeconds(2).toNanos())
                        .withRetries(1)),
                "sleep", "3600");

        await().atMost(Duration.ofSeconds(30)).until(() -> "unhealthy".equals(listed(name).state().health()));
        ContainerInfo unhealthy = listed(name);

        assertThat(unhealthy.state().running()).isTrue();
        assertThat(unhealthy.state().failingStreak()).isGreaterThanOrEqualTo(1);
        assertThat(unhealthy.state().lastHealthOutput()).isEqualTo("db down");
    }

    @Test
    void aContainerWithoutHealthCheckHasNoHealth() {
        String name = name("nohealth");
        docker.run(name, cmd -> { }, "sleep", "3600");

        assertThat(listed(name).state().health()).isNull();
        assertThat(listed(name).state().failingStreak()).isZero();
    }

    @Test
    void composeLabelsGiveTheContainerAnIdentityThatSurvivesRecreation() {
        String name = name("compose");
        docker.run(name, cmd -> cmd.withLabels(Map.of(
                ContainerInfo.COMPOSE_PROJECT, "dmtest-shop", ContainerInfo.COMPOSE_SERVICE, "db")), "sleep", "3600");

        ContainerInfo listed = listed(name);

        assertThat(listed.service()).isEqualTo("db");
        assertThat(listed.identity()).isEqualTo("dmtest-shop/db");
    }

    @Test
    void aTtyContainersLogIsReadAsLinesWithoutCarriageReturns() {
        String name = name("tty");
        docker.runToExit(name, cmd -> cmd.withTty(true), "sh", "-c", "echo 'tty one'; echo 'tty two' >&2");

        assertThat(readAll(listed(name))).extracting(LogLine::stream, LogLine::text).containsExactly(
                tuple(LogStream.STDOUT, "tty one"),
                tuple(LogStream.STDOUT, "tty two"));
    }

    @Test
    void aHugeLineIsCutAndMarkedAndTheLinesAfterItAreIntact() {
        String name = name("huge");
        docker.runToExit(name, cmd -> { }, "sh", "-c",
                "head -c 300000 /dev/zero | tr '\\0' x; echo; echo after");

        List<LogLine> lines = readAll(listed(name));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).text())
                .startsWith("xxxx")
                .endsWith(LogLineAssembler.truncationNote(300_000))
                .hasSize(LogLineAssembler.MAX_LINE_BYTES + LogLineAssembler.truncationNote(300_000).length());
        assertThat(lines.get(1).text()).isEqualTo("after");
    }

    @Test
    void binaryOutputIsReadSafely() {
        String name = name("binary");
        docker.runToExit(name, cmd -> { }, "sh", "-c", "printf 'bin \\377\\376\\000\\001 end\\nok\\n'");

        List<LogLine> lines = readAll(listed(name));

        assertThat(lines).extracting(LogLine::text).containsExactly("bin \uFFFD\uFFFD\u0000\u0001 end", "ok");
    }

    @Test
    void aBusyLogReadRepeatedlyWhileItGrowsYieldsEveryLineExactlyOnce() {
        String name = name("busy");
        String id = docker.run(name, cmd -> { }, "sh", "-c",
                "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); echo \"line $i\";"
                        + " if [ $((i % 500)) -eq 0 ]; then sleep 0.05; fi; done; sleep 3600");
        ContainerInfo container = listed(name);
        List<Long> numbers = new ArrayList<>();
        AtomicReference<LogCursor> cursor = new AtomicReference<>(LogCursor.startingAt(Instant.EPOCH));
        int reads = 0;
        // Bounded by time, not by reads: an empty read of the log file takes about a millisecond.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        do {
            cursor.set(runtime.readLogs(container, cursor.get(),
                    line -> numbers.add(Long.parseLong(line.text().substring("line ".length())))));
            reads++;
        } while (numbers.size() < 20_000 && System.nanoTime() < deadline);
        docker.exec(id, "true");

        assertThat(reads).as("reads while the log grew").isGreaterThan(1);
        assertThat(numbers).containsExactlyElementsOf(LongStream.rangeClosed(1, 20_000).boxed().toList());
    }

    @Test
    void aContainerRemovedAfterListingReadsAsEmptyAndKeepsTheCursor() {
        String name = name("gone");
        String id = docker.runToExit(name, cmd -> { }, "sh", "-c", "echo bye");
        ContainerInfo container = listed(name);
        docker.remove(id);
        LogCursor from = LogCursor.startingAt(Instant.EPOCH);
        List<LogLine> lines = new ArrayList<>();

        assertThat(runtime.readLogs(container, from, lines::add)).isEqualTo(from);
        assertThat(lines).isEmpty();
    }
}
