package io.dockmedic.local;

import static io.dockmedic.local.DeclaredAudits.audit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dockmedic.core.fix.RestartPolicy;
import io.dockmedic.core.task.FixResult;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.core.task.TaskStore;
import io.dockmedic.docker.DockerFixture;
import io.dockmedic.docker.DockerSettings;
import io.dockmedic.operator.api.LogAudit;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dockmedic watch}'s loop against the real Docker engine, with its state in a directory: the operator's
 * lifecycle (task, automatic restart under the budget, verification, resolution, regression) without a
 * cluster, and a one-shot run that can be repeated without counting anything twice.
 */
class WatchLoopIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private final DockerFixture docker = new DockerFixture();
    private final StringWriter printed = new StringWriter();
    @TempDir
    Path state;
    private TaskStore tasks;
    private WatchLoop loop;
    private Thread running;

    @AfterEach
    void stopLoopAndRemoveContainers() throws InterruptedException {
        if (loop != null) {
            loop.stop();
            if (running != null) {
                running.join(30_000);
            }
            loop.close();
        }
        docker.close();
    }

    @Test
    void aCrashedOptedInContainerIsRestartedVerifiedResolvedAndReopenedAsRegressedWhenItCrashesAgain() {
        String name = "dmwatch-crash-" + shortId();
        // Crashes on its first run only; after the restart it runs until /tmp/crash appears.
        String id = docker.run(name, cmd -> cmd.withLabels(Map.of(RestartPolicy.OPT_IN_LABEL, "true")), "sh", "-c",
                "mkdir -p /tmp; if [ ! -f /tmp/ran ]; then touch /tmp/ran; echo started; exit 3; fi; echo recovered; "
                        + "while [ ! -f /tmp/crash ]; do sleep 0.2; done; rm /tmp/crash; exit 3");
        await().atMost(WITHIN).until(() -> !docker.inspect(id).getState().getRunning());
        start(audit("crash", "{\"selector\":{\"names\":[\"" + name + "\"]},\"interval\":\"2s\",\"resolveAfter\":\"1m\","
                + "\"remediation\":{\"mode\":\"Auto\",\"restart\":{},\"budget\":{\"maxAttempts\":3}}}"));

        StoredTask verifying = await().atMost(WITHIN).until(this::onlyTask,
                t -> t != null && t.status().phase() == TaskPhase.Verifying);
        assertThat(verifying.status().attempts()).singleElement()
                .satisfies(a -> assertThat(a.result()).isEqualTo(FixResult.Succeeded));
        assertThat(docker.inspect(id).getState().getRunning()).as("restarted by the loop").isTrue();

        StoredTask resolved = await().atMost(Duration.ofMinutes(3)).until(this::onlyTask,
                t -> t.status().phase() == TaskPhase.Resolved);
        assertThat(resolved.status().resolution()).isNotNull();
        // The files are rewritten after the round that resolved it.
        await().atMost(WITHIN).untilAsserted(() -> assertThat(state.resolve("remediation_progress.log")).content()
                .contains("IssueResolved"));
        assertThat(state.resolve("remediation_log.json")).content().contains(resolved.name(), "Succeeded");
        assertThat(state.resolve("learnings/docker_remediation.xml")).exists();
        assertThat(state.resolve("docker_audit_report.json")).content().contains(name);
        assertThat(state.resolve("remediation_plan.json")).exists();

        docker.exec(id, "sh", "-c", "touch /tmp/crash");
        StoredTask regressed = await().atMost(WITHIN).until(this::onlyTask,
                t -> t.status().previousFixes() != null && !t.status().previousFixes().isEmpty());
        assertThat(regressed.name()).isEqualTo(resolved.name());
        assertThat(regressed.status().previousFixes()).isNotEmpty();
        assertThat(printed.toString()).contains("IssueDetected", "RemediationSucceeded", "IssueResolved",
                "IssueRegressed");
    }

    @Test
    void runningOnceTwiceCountsEveryLineOnceAndAFreshLoopOnTheSameStateContinuesWhereTheLastStopped() {
        String name = "dmwatch-once-" + shortId();
        String id = docker.run(name, cmd -> { }, "sh", "-c",
                "echo 'ERROR cannot connect to upstream 10.0.0.7:5432'; echo 'ERROR cannot connect to upstream "
                        + "10.0.0.8:5432'; exec sleep 3600");
        docker.awaitLogNewlines(id, 2);
        LogAudit audit = audit("once", "{\"selector\":{\"names\":[\"" + name + "\"]}}");

        List<WatchLoop.AuditRound> first = newLoop(audit).once();
        assertThat(first).singleElement().satisfies(r -> assertThat(r.scanned()).isTrue());
        assertThat(onlyTask().status().occurrences()).isEqualTo(2);
        loop.close();

        List<WatchLoop.AuditRound> second = newLoop(audit).once();
        assertThat(second.get(0).outcome().report().linesScanned()).as("nothing new to read").isZero();
        assertThat(onlyTask().status().occurrences()).as("no line counted twice").isEqualTo(2);

        logError(id, "10.0.0.9");
        loop.close();
        newLoop(audit).once();
        assertThat(onlyTask().status().occurrences()).isEqualTo(3);
        assertThat(new LocalAudits(state).file("once")).content().contains("\"scanSequence\" : 3");
    }

    @Test
    void onceAfterACrashBetweenTheTaskWriteAndTheStatusWriteRepeatsThatScanAndStillCountsEveryLineUpToNow()
            throws IOException {
        String name = "dmwatch-torn-" + shortId();
        String id = oneErrorLogged(name);
        LogAudit audit = audit("torn", "{\"selector\":{\"names\":[\"" + name + "\"]}}");
        newLoop(audit).once();
        Path status = new LocalAudits(state).file("torn");
        byte[] afterScan1 = Files.readAllBytes(status);
        loop.close();

        // Scan 2 counts a line into the task; putting back scan 1's status is what a kill before the status
        // write leaves behind.
        logError(id, "10.0.0.8");
        newLoop(audit).once();
        loop.close();
        assertThat(onlyTask().status().occurrences()).isEqualTo(2);
        Files.write(status, afterScan1);

        logError(id, "10.0.0.9");
        List<WatchLoop.AuditRound> round = newLoop(audit).once();
        assertThat(round).singleElement().satisfies(r -> assertThat(r.outcome().repeated()).isFalse());
        assertThat(onlyTask().status().occurrences()).as("scan 2 once, and the line logged since").isEqualTo(3);
        assertThat(printed.toString()).contains("repeated the scan a crash interrupted");
        assertThat(status).content().contains("\"scanSequence\" : 3");
    }

    @Test
    void aCrashBetweenTheFirstScansTaskWriteAndItsFirstStatusWriteCountsNoLineTwice() throws IOException {
        String name = "dmwatch-first-" + shortId();
        String id = oneErrorLogged(name);
        LogAudit audit = audit("first", "{\"selector\":{\"names\":[\"" + name + "\"]}}");
        newLoop(audit);
        Path status = new LocalAudits(state).file("first");
        assertThat(status).as("the new audit's uid, kept before its first cycle").exists();
        byte[] beforeScan1 = Files.readAllBytes(status);
        loop.once();
        loop.close();
        assertThat(onlyTask().status().occurrences()).isEqualTo(1);
        // Scan 1's task is written; putting back the file as it was before is what a kill before the status
        // write leaves behind.
        Files.write(status, beforeScan1);

        logError(id, "10.0.0.8");
        newLoop(audit).once();
        assertThat(onlyTask().status().occurrences()).as("the first line once, and the line logged since")
                .isEqualTo(2);
        assertThat(printed.toString()).contains("repeated the scan a crash interrupted");
    }

    /** Runs container {@code name}, which logs one error line and then idles; returns its id once it is logged. */
    private String oneErrorLogged(String name) {
        String id = docker.run(name, cmd -> { }, "sh", "-c",
                "echo 'ERROR cannot connect to upstream 10.0.0.7:5432'; exec sleep 3600");
        docker.awaitLogNewlines(id, 1);
        return id;
    }

    private void logError(String id, String upstream) {
        long before = docker.logs(id).lines().count();
        docker.exec(id, "sh", "-c", "echo 'ERROR cannot connect to upstream " + upstream + ":5432' > /proc/1/fd/1");
        docker.awaitLogNewlines(id, before + 1);
    }

    @Test
    void anAuditWithATlsSecretIsRefusedWithAClearMessage() {
        LogAudit audit = audit("tls", "{\"dockerHost\":\"tcp://127.0.0.1:2376\",\"tlsSecretRef\":{\"name\":\"certs\"}}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> newLoop(audit))
                .hasMessageContaining("spec.tlsSecretRef").hasMessageContaining("DOCKER_CERT_PATH");
    }

    private WatchLoop newLoop(LogAudit... audits) {
        tasks = LocalTaskStore.openOrCreate(state, line -> printed.append(line).append('\n'), Clock.systemUTC());
        loop = new WatchLoop(new WatchLoop.Setup(state, state, tasks, DockerSettings.fromEnvironment(System.getenv())),
                List.of(audits), Clock.systemUTC(), new PrintWriter(printed, true), line -> printed.append(line)
                .append('\n'));
        return loop;
    }

    private void start(LogAudit audit) {
        newLoop(audit);
        running = new Thread(loop::run, "watch-loop");
        running.start();
    }

    private StoredTask onlyTask() {
        List<StoredTask> all = tasks.listAll().stream().filter(t -> t.status() != null).toList();
        assertThat(all).as("tasks: %s", all.stream().map(t -> t.spec().toString()).toList()).hasSizeLessThanOrEqualTo(1);
        return all.isEmpty() ? null : all.get(0);
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
