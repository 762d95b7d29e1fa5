package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.HealthCheck;
import io.dockmedic.core.scan.ScanReport;
import io.dockmedic.core.scan.Scanner;
import io.dockmedic.docker.DockerFixture;
import io.dockmedic.docker.DockerRuntime;
import io.dockmedic.docker.DockerSettings;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.RemediationTask;
import io.dockmedic.audit.AuditScan;
import io.dockmedic.audit.AuditSettings;
import io.dockmedic.operator.task.IssueEvents;
import io.dockmedic.core.task.ScanMark;
import io.dockmedic.core.task.TaskLifecycle;
import io.dockmedic.core.task.TaskPlanner;
import io.dockmedic.core.task.TaskWriter;
import io.dockmedic.operator.task.KubernetesTaskStore;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator in-process against a real kube-apiserver and the real Docker engine: container faults
 * become RemediationTasks within seconds, counts stay exact across operator restarts and crashes.
 */
class OperatorIT extends WithOperator {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final String ERROR_LINE = "ERROR deadlock detected while updating order ";

    private final DockerFixture docker = new DockerFixture();
    private DockmedicOperator operator;

    @AfterEach
    void stopOperatorAndRemoveContainers() {
        if (operator != null) {
            operator.close();
        }
        docker.close();
    }

    @Test
    void containerErrorsBecomeOneTaskWhoseCountGrowsAndSurvivesARestartExactly() {
        String ns = api.namespace("dmop-counts");
        String container = "dmop-web-" + shortId();
        String id = docker.run(container, cmd -> { }, "sh", "-c", "echo started; exec sleep 3600");
        operator = startOperator(ns, "a");
        createAudit(ns, "web", "{\"selector\":{\"names\":[\"" + container + "\"]},\"interval\":\"2s\"}");
        await().atMost(WITHIN).until(() -> scans(ns, "web") >= 1);

        Instant firstError = Instant.now();
        logErrors(id, 1, 3);
        RemediationTask task = awaitTask(ns, 3);
        System.out.printf("figure: log error -> RemediationTask with its count: %d ms (interval 2s)%n",
                Duration.between(firstError, Instant.now()).toMillis());
        assertThat(task.getSpec().container()).isEqualTo(container);
        assertThat(task.getSpec().issueType().name()).isEqualTo("DATABASE");

        logErrors(id, 4, 2);
        awaitTask(ns, 5);
        assertThat(tasks(ns)).as("more of the same error makes no new task").hasSize(1);

        operator.close();
        logErrors(id, 6, 2);
        operator = startOperator(ns, "b");
        RemediationTask afterRestart = awaitTask(ns, 7);
        long scansBefore = scans(ns, "web");
        await().atMost(WITHIN).until(() -> scans(ns, "web") >= scansBefore + 2);
        assertThat(tasks(ns)).singleElement().satisfies(t -> {
            assertThat(t.getMetadata().getName()).isEqualTo(afterRestart.getMetadata().getName());
            assertThat(t.getStatus().occurrences()).as("nothing read twice after the restart").isEqualTo(7);
        });
        LogAudit audit = client.resources(LogAudit.class).inNamespace(ns).withName("web").get();
        assertThat(audit.getStatus().totalLinesScanned()).as("started + 7 errors, each read once").isEqualTo(8);
    }

    @Test
    void fingerprintsSurviveARestartEvenForWordsTheMaskerLeaves() {
        String ns = api.namespace("dmop-templates");
        String container = "dmop-login-" + shortId();
        String id = docker.run(container, cmd -> { }, "sh", "-c", "echo started; exec sleep 3600");
        operator = startOperator(ns, "first");
        createAudit(ns, "auth", "{\"selector\":{\"names\":[\"" + container + "\"]},\"interval\":\"2s\"}");
        log(id, "ERROR login failed for user alice", "ERROR login failed for user bob",
                "ERROR login failed for user carol", "ERROR login failed for user dave");
        await().atMost(WITHIN).until(() -> totalOccurrences(ns) == 4);
        List<String> before = tasks(ns).stream().map(t -> t.getMetadata().getName()).sorted().toList();
        assertThat(client.configMaps().inNamespace(ns).withName("dockmedic-templates-auth").get()).isNotNull();

        operator.close();
        // A fresh miner would give "eve" a template id of its own, hence a new fingerprint and a new task.
        log(id, "ERROR login failed for user eve");
        operator = startOperator(ns, "second");

        await().atMost(WITHIN).until(() -> totalOccurrences(ns) == 5);
        assertThat(tasks(ns).stream().map(t -> t.getMetadata().getName()).sorted().toList()).isEqualTo(before);
    }

    @Test
    void aScanInterruptedBetweenTaskWritesAndTheStatusWriteIsRepeatedWithoutCountingTwice() {
        String ns = api.namespace("dmop-crash");
        String container = "dmop-crash-" + shortId();
        String id = docker.run(container, cmd -> { }, "sh", "-c", "echo started; exec sleep 3600");
        LogAudit audit = createAudit(ns, "web", "{\"selector\":{\"names\":[\"" + container + "\"]},"
                + "\"interval\":\"2s\"}");
        logErrors(id, 1, 3);
        docker.awaitLogNewlines(id, 4);

        // What a crashed operator left behind: scan 1 counted into the tasks, but its status never written.
        Instant windowEnd = Instant.now();
        AuditSettings settings = AuditSettings.of(audit.getSpec());
        ScanMark scan1 = new ScanMark(1, windowEnd);
        TaskPlanner planner = new TaskPlanner("web", audit.getMetadata().getUid(),
                new TaskLifecycle(settings.resolveAfter()));
        try (DockerRuntime runtime = DockerRuntime.fromEnvironment()) {
            ScanReport report = AuditScan.run(new Scanner(settings.policy()), runtime, settings, null, scan1);
            new TaskWriter(KubernetesTaskStore.forOperator(client, ns),
                    new IssueEvents(client, Clock.systemUTC(), "crashed").tasksIn(ns))
                    .write(planner, planner.plan(List.of(), report.issues(), Set.of(), scan1, windowEnd), scan1,
                            windowEnd);
        }
        assertThat(tasks(ns)).singleElement().satisfies(t -> assertThat(t.getStatus().occurrences()).isEqualTo(3));
        logErrors(id, 4, 2);

        operator = startOperator(ns, "after-crash");
        awaitTask(ns, 5);
        await().atMost(WITHIN).until(() -> scans(ns, "web") >= 3);
        assertThat(tasks(ns)).singleElement().satisfies(t -> assertThat(t.getStatus().occurrences()).isEqualTo(5));
    }

    @Test
    void aContainerThatDiesIsReportedWithinSecondsThroughDockerEventsNotTheInterval() {
        String ns = api.namespace("dmop-events");
        String container = "dmop-dies-" + shortId();
        String id = docker.run(container, cmd -> { }, "sh", "-c",
                "echo started; while [ ! -f /die ]; do sleep 0.1; done; exit 3");
        operator = startOperator(ns, "events");
        createAudit(ns, "jobs", "{\"selector\":{\"namePattern\":\"" + container + "\"},\"interval\":\"10m\"}");
        await().atMost(WITHIN).until(() -> scans(ns, "jobs") >= 1);
        assertThat(tasks(ns)).as("nothing wrong while it runs").isEmpty();

        // The interval is 10 minutes: only the die event can make the operator look again this soon.
        Instant killed = Instant.now();
        docker.exec(id, "touch", "/die");
        RemediationTask task = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> tasks(ns).stream().filter(t -> "state.exited".equals(t.getSpec().ruleId())).findFirst()
                        .orElse(null), t -> t != null && t.getStatus() != null);
        Duration took = Duration.between(killed, Instant.now());
        System.out.printf("figure: container exit -> RemediationTask with status: %d ms (interval 10m, Docker event)%n",
                took.toMillis());
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(task.getStatus().severity().name()).isEqualTo("HIGH");
        assertThat(task.getStatus().lastSample()).contains("exited with code 3");
        await().atMost(WITHIN).until(() -> scans(ns, "jobs") == 2); // one at creation, one for the event
    }

    @Test
    void aContainerTurningUnhealthyIsReportedThroughItsHealthEvent() {
        String ns = api.namespace("dmop-health");
        String container = "dmop-health-" + shortId();
        operator = startOperator(ns, "health");
        createAudit(ns, "health", "{\"selector\":{\"names\":[\"" + container + "\"]},\"interval\":\"10m\"}");
        await().atMost(WITHIN).until(() -> scans(ns, "health") >= 1);

        Instant started = Instant.now();
        docker.run(container, cmd -> cmd.withHealthcheck(new HealthCheck()
                        .withTest(List.of("CMD-SHELL", "[ ! -f /broken ] || { echo 'db down'; exit 1; }"))
                        .withInterval(Duration.ofMillis(300).toNanos())
                        .withTimeout(Duration.ofSeconds(2).toNanos())
                        .withRetries(1)),
                "sh", "-c", "touch /broken; exec sleep 3600");

        RemediationTask task = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> tasks(ns).stream().filter(t -> "state.unhealthy".equals(t.getSpec().ruleId()))
                        .findFirst().orElse(null), t -> t != null && t.getStatus() != null);
        System.out.printf("figure: container start with a failing health check -> RemediationTask: %d ms "
                + "(health check every 300 ms, interval 10m)%n", Duration.between(started, Instant.now()).toMillis());
        assertThat(task.getStatus().lastSample()).contains("db down");
    }

    @Test
    void metricsAfterAScanOfRealContainersCountExactlyWithBoundedTagsAndPassPromtool() throws Exception {
        String ns = api.namespace("dmop-metrics");
        String web = "dmop-metrics-" + shortId();
        String job = "dmop-metrics-job-" + shortId();
        String id = docker.run(web, cmd -> { }, "sh", "-c", "echo started; exec sleep 3600");
        String jobId = docker.runToExit(job, cmd -> { }, "sh", "-c", "echo bye; exit 3");
        operator = startOperator(ns, "metrics");
        createAudit(ns, "shop", "{\"selector\":{\"names\":[\"" + web + "\",\"" + job + "\"]},\"interval\":\"2s\"}");
        logErrors(id, 1, 3);
        await().atMost(WITHIN).until(() -> tasks(ns).size() == 2 && totalOccurrences(ns) == 4);

        String metrics = await().atMost(WITHIN).ignoreExceptions().until(() -> scrape(operator.metricsPort(), "/metrics"),
                text -> sample(text, ns, "dockmedic_open_issues", "severity=\"high\"", "phase=\"Open\"") == 2);
        assertThat(metrics).contains("# TYPE dockmedic_open_issues gauge", "# TYPE dockmedic_issues_detected_total counter",
                "# TYPE dockmedic_issue_occurrences_total counter", "# TYPE dockmedic_scan_duration_seconds histogram",
                "# TYPE dockmedic_oldest_open_critical_issue_age_seconds gauge",
                "# TYPE dockmedic_docker_engine_reachable gauge", "# TYPE dockmedic_scan_failures_total counter",
                "# TYPE dockmedic_operator_leader gauge", "operator_sdk_reconciliations_executions");
        for (RemediationTask task : tasks(ns)) {
            assertThat(sample(metrics, ns, "dockmedic_issues_detected_total", "severity=\"high\"",
                    "category=\"" + task.getSpec().issueType().category().id() + "\"")).as(task.getSpec().ruleId())
                    .isEqualTo(1);
        }
        assertThat(sum(metrics, ns, "dockmedic_issues_detected_total")).isEqualTo(2);
        assertThat(sample(metrics, ns, "dockmedic_issue_occurrences_total", "severity=\"high\"")).isEqualTo(4);
        assertThat(sample(metrics, ns, "dockmedic_lines_scanned_total")).as("started, 3 errors, bye").isEqualTo(5);
        assertThat(sample(metrics, ns, "dockmedic_log_scanned_bytes_total")).as("their bytes").isGreaterThan(5 * 3);
        assertThat(sample(metrics, ns, "dockmedic_scan_duration_seconds_count"))
                .isEqualTo(sample(metrics, ns, "dockmedic_scans_total")).isPositive();
        assertThat(sum(metrics, ns, "dockmedic_scan_failures_total")).isZero();
        assertThat(sample(metrics, ns, "dockmedic_docker_engine_reachable")).isEqualTo(1);
        assertThat(sample(metrics, ns, "dockmedic_oldest_open_critical_issue_age_seconds")).isZero();
        assertThat(metrics).contains("dockmedic_operator_leader 1.0");
        for (RemediationTask task : tasks(ns)) {
            assertThat(metrics).doesNotContain(task.getSpec().fingerprint()).doesNotContain(task.getStatus().containerId())
                    .doesNotContain(web).doesNotContain(jobId);
        }

        Promtool.Result check = Promtool.run(metrics, "check", "metrics");
        System.out.println("promtool check metrics on the operator's scrape: exit " + check.exitCode() + "\n"
                + check.output());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).as("no lint complaint, JOSDK's meters included").isBlank();
        assertThat(scrape(operator.metricsPort(), "/readyz")).isEqualTo("ready: running without leader election\n");
        assertThat(scrape(operator.metricsPort(), "/healthz")).isEqualTo("ok\n");
    }

    @Test
    void withLeaderElectionOnlyTheLeaseHolderActs() {
        String ns = api.namespace("dmop-leader");
        String container = "dmop-leader-" + shortId();
        String id = docker.run(container, cmd -> { }, "sh", "-c", "echo started; exec sleep 3600");
        OperatorSettings leaderSettings = new OperatorSettings(Set.of(ns), -1, true, false, ns, "replica-1", 2, EVERY_CONTAINER);
        operator = DockmedicOperator.start(client, leaderSettings, DockerSettings.fromEnvironment(System.getenv()),
                Clock.systemUTC());
        await().atMost(WITHIN).until(() -> leaseHolder(ns) != null);
        try (DockmedicOperator second = DockmedicOperator.start(client,
                new OperatorSettings(Set.of(ns), -1, true, false, ns, "replica-2", 2, EVERY_CONTAINER),
                DockerSettings.fromEnvironment(System.getenv()), Clock.systemUTC())) {
            createAudit(ns, "web", "{\"selector\":{\"names\":[\"" + container + "\"]},\"interval\":\"2s\"}");
            logErrors(id, 1, 2);
            awaitTask(ns, 2);
            await().atMost(WITHIN).until(() -> scans(ns, "web") >= 3);

            assertThat(leaseHolder(ns)).isEqualTo("replica-1");
            assertThat(operator.scrape()).contains("dockmedic_scans_total");
            assertThat(second.scrape()).as("the follower never scans").doesNotContain("dockmedic_scans_total");
            assertThat(operator.scrape()).contains("dockmedic_operator_leader 1.0");
            assertThat(second.scrape()).contains("dockmedic_operator_leader 0.0");
            assertThat(tasks(ns)).singleElement().satisfies(t -> assertThat(t.getStatus().occurrences()).isEqualTo(2));
        }
    }



    /** Writes numbered error lines to the container's log (its PID 1 stdout). */
    private void logErrors(String containerId, int first, int count) {
        StringBuilder script = new StringBuilder();
        for (int i = first; i < first + count; i++) {
            script.append("echo '").append(ERROR_LINE).append(4700 + i).append("' > /proc/1/fd/1; ");
        }
        docker.exec(containerId, "sh", "-c", script.toString());
    }

    /** Writes these lines to the container's log (its PID 1 stdout). */
    private void log(String containerId, String... lines) {
        StringBuilder script = new StringBuilder();
        for (String line : lines) {
            script.append("echo '").append(line).append("' > /proc/1/fd/1; ");
        }
        docker.exec(containerId, "sh", "-c", script.toString());
    }

    private static long totalOccurrences(String ns) {
        return tasks(ns).stream().filter(t -> t.getStatus() != null && t.getStatus().occurrences() != null)
                .mapToLong(t -> t.getStatus().occurrences()).sum();
    }

    private static RemediationTask awaitTask(String ns, long occurrences) {
        return await().atMost(WITHIN).pollInterval(Duration.ofMillis(50))
                .until(() -> tasks(ns).stream().findFirst().orElse(null),
                        t -> t != null && t.getStatus() != null && t.getStatus().occurrences() != null
                                && t.getStatus().occurrences() >= occurrences);
    }

    private static List<RemediationTask> tasks(String ns) {
        return client.resources(RemediationTask.class).inNamespace(ns).list().getItems();
    }


    private static String leaseHolder(String ns) {
        Lease lease = client.leases().inNamespace(ns).withName(OperatorSettings.LEASE_NAME).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static String scrape(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /** The value of the one series of {@code name} in namespace {@code ns} whose labels hold all of {@code labels}. */
    private static double sample(String scrape, String ns, String name, String... labels) {
        List<String> lines = series(scrape, ns, name, labels);
        assertThat(lines).as(name + " " + List.of(labels)).hasSize(1);
        return valueOf(lines.get(0));
    }

    /** The sum of the series of {@code name} in namespace {@code ns}. */
    private static double sum(String scrape, String ns, String name) {
        return series(scrape, ns, name).stream().mapToDouble(OperatorIT::valueOf).sum();
    }

    private static List<String> series(String scrape, String ns, String name, String... labels) {
        return scrape.lines().filter(l -> l.startsWith(name + "{") && l.contains("namespace=\"" + ns + "\""))
                .filter(l -> List.of(labels).stream().allMatch(l::contains)).toList();
    }

    private static double valueOf(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

}
