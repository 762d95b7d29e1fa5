package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dockmedic.core.agent.AgentDesk;
import io.dockmedic.core.fix.RestartPolicy;
import io.dockmedic.core.task.FixAttempt;
import io.dockmedic.core.task.FixResult;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.docker.DockerFixture;
import io.dockmedic.operator.api.RemediationTask;
import io.dockmedic.operator.task.KubernetesTaskStore;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Automatic fixes against the real Docker engine and kube-apiserver: only opted-in containers are touched,
 * never more often than the budget allows (also across an operator restart), a dry run touches nothing, a
 * runbook runs exactly its declared argv, and a fix is proven by an adaptive quiet period.
 */
class RemediationIT extends WithOperator {

    private static final Duration WITHIN = Duration.ofSeconds(60);
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
    void aCrashingOptedInContainerIsRestartedAtMostMaxAttemptsEvenAcrossAnOperatorRestartThenHandedOver() {
        String ns = api.namespace("dmfix-budget");
        String name = "dmfix-crash-" + shortId();
        Instant crashAt = Instant.now().plusSeconds(2);
        String id = docker.run(name, cmd -> cmd.withLabels(Map.of(RestartPolicy.OPT_IN_LABEL, "true")),
                "sh", "-c", "echo started; sleep 2; exit 3");
        operator = startOperator(ns, "first");
        createAudit(ns, "crash", "{\"selector\":{\"names\":[\"" + name + "\"]},\"interval\":\"2s\","
                + "\"remediation\":{\"mode\":\"Auto\",\"restart\":{},\"budget\":{\"maxAttempts\":3,\"window\":\"1h\","
                + "\"backoff\":\"3s\",\"cooldown\":\"1s\"}}}");

        RemediationTask first = await().atMost(WITHIN).until(() -> task(ns), t -> attempts(t).size() >= 1
                && attempts(t).get(0).finishedAt() != null);
        Instant restartedAt = Instant.parse(attempts(first).get(0).finishedAt());
        System.out.printf("figure: container crash -> its automatic restart finished: %d ms%n",
                Duration.between(crashAt, restartedAt).toMillis());

        // The operator stops and another takes over: the budget lives in the task, not in memory.
        operator.close();
        Instant secondStarted = Instant.now();
        operator = startOperator(ns, "second");

        RemediationTask failed = await().atMost(WITHIN).until(() -> task(ns),
                t -> t.getStatus().phase() == TaskPhase.Failed);
        List<FixAttempt> attempts = attempts(failed);
        assertThat(attempts).extracting(FixAttempt::number).containsExactly(1, 2, 3);
        assertThat(attempts).extracting(FixAttempt::result).containsOnly(FixResult.Succeeded);
        for (int i = 1; i < attempts.size(); i++) {
            Duration gap = Duration.between(Instant.parse(attempts.get(i - 1).startedAt()),
                    Instant.parse(attempts.get(i).startedAt()));
            assertThat(gap).as("back-off before attempt %d", i + 1).isGreaterThanOrEqualTo(Duration.ofSeconds(3L << (i - 1)));
        }
        assertThat(failed.getStatus().history()).extracting("reason").contains("RemediationBudgetExhausted");
        System.out.printf("figure: attempts made %d of %d allowed; first to last attempt %d ms%n", attempts.size(), 3,
                Duration.between(Instant.parse(attempts.get(0).startedAt()),
                        Instant.parse(attempts.get(2).startedAt())).toMillis());

        // Handed over: however long it stays down, nothing more is attempted.
        Instant startedAt = Instant.parse(docker.inspect(id).getState().getStartedAt());
        long scans = scans(ns, "crash");
        await().atMost(WITHIN).until(() -> scans(ns, "crash") >= scans + 3);
        assertThat(attempts(task(ns))).hasSize(3);
        assertThat(Instant.parse(docker.inspect(id).getState().getStartedAt())).isEqualTo(startedAt);
        assertThat(events(ns)).extracting(Event::getReason).contains("RemediationStarted", "RemediationSucceeded",
                "RemediationBudgetExhausted");
        long bySecond = attempts.stream().filter(a -> Instant.parse(a.startedAt()).isAfter(secondStarted)).count();
        assertThat(operator.scrape()).as("the second operator's metrics count its own attempts and the hand-over")
                .contains("dockmedic_remediation_attempts_total{action=\"restart\",audit=\"crash\",namespace=\"" + ns
                        + "\",result=\"Succeeded\"} " + (double) bySecond)
                .contains("dockmedic_remediation_budget_exhausted_total{audit=\"crash\",namespace=\"" + ns + "\"} 1.0");
    }

    @Test
    void aContainerWithoutOptInIsNeverTouchedAndTheStormBrakeStopsRestartsBeyondItsLimit() {
        String ns = api.namespace("dmfix-optin");
        String run = shortId();
        String plain = docker.runToExit("dmfix-plain-" + run, cmd -> { }, "sh", "-c", "exit 4");
        Map<String, String> opted = new java.util.HashMap<>();
        for (int i = 0; i < 3; i++) {
            String id = docker.runToExit("dmfix-storm" + i + "-" + run,
                    cmd -> cmd.withLabels(Map.of(RestartPolicy.OPT_IN_LABEL, "true")), "sh", "-c", "exit 5");
            opted.put(id, docker.inspect(id).getState().getStartedAt());
        }
        Instant plainStarted = Instant.parse(docker.inspect(plain).getState().getStartedAt());
        operator = startOperator(ns, "a");
        createAudit(ns, "storm", "{\"selector\":{\"namePattern\":\"dmfix-(plain|storm[0-9])-" + run + "\"},"
                + "\"interval\":\"2s\",\"remediation\":{\"mode\":\"Auto\",\"restart\":{},"
                + "\"budget\":{\"maxContainersPerWindow\":2}}}");

        await().atMost(WITHIN).until(() -> tasks(ns).size() == 4
                && tasks(ns).stream().filter(t -> t.getStatus().phase() == TaskPhase.Failed).count() == 1
                && tasks(ns).stream().filter(t -> !attempts(t).isEmpty()).count() == 2);
        long scans = scans(ns, "storm");
        await().atMost(WITHIN).until(() -> scans(ns, "storm") >= scans + 2);

        assertThat(Instant.parse(docker.inspect(plain).getState().getStartedAt())).isEqualTo(plainStarted);
        RemediationTask plainTask = tasks(ns).stream().filter(t -> t.getStatus().containerName().startsWith(
                "dmfix-plain")).findFirst().orElseThrow();
        assertThat(attempts(plainTask)).isEmpty();
        assertThat(plainTask.getStatus().phase()).isEqualTo(TaskPhase.Open);
        assertThat(tasks(ns).stream().filter(t -> t.getStatus().phase() == TaskPhase.Failed).findFirst().orElseThrow()
                .getStatus().history()).extracting("reason").contains("RemediationStormBrake");
        long restarted = opted.entrySet().stream()
                .filter(e -> !docker.inspect(e.getKey()).getState().getStartedAt().equals(e.getValue())).count();
        assertThat(restarted).isEqualTo(2);
    }

    @Test
    void dryRunRecordsThePlanAndChangesNothing() {
        String ns = api.namespace("dmfix-dry");
        String name = "dmfix-dry-" + shortId();
        String id = docker.runToExit(name, cmd -> cmd.withLabels(Map.of(RestartPolicy.OPT_IN_LABEL, "true")),
                "sh", "-c", "exit 6");
        var before = docker.inspect(id).getState();
        operator = startOperator(ns, "a");
        createAudit(ns, "dry", "{\"selector\":{\"names\":[\"" + name + "\"]},\"interval\":\"2s\","
                + "\"remediation\":{\"mode\":\"DryRun\",\"restart\":{}}}");

        RemediationTask task = await().atMost(WITHIN).until(() -> task(ns), t -> !attempts(t).isEmpty());
        long scans = scans(ns, "dry");
        await().atMost(WITHIN).until(() -> scans(ns, "dry") >= scans + 2);

        assertThat(attempts(task)).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(FixResult.DryRun);
            assertThat(a.action()).isEqualTo("restart");
            assertThat(a.container()).isEqualTo(name);
        });
        var after = docker.inspect(id).getState();
        assertThat(after.getStartedAt()).isEqualTo(before.getStartedAt());
        assertThat(after.getFinishedAt()).isEqualTo(before.getFinishedAt());
        assertThat(docker.inspect(id).getRestartCount()).isEqualTo(0);
        assertThat(after.getRunning()).isFalse();
        assertThat(task(ns).getStatus().phase()).isEqualTo(TaskPhase.Open);
        assertThat(events(ns)).extracting(Event::getReason).contains("RemediationDryRun");
    }

    @Test
    void aRunbookExecsExactlyItsDeclaredArgvAndNoLogTextReachesACommand() {
        String ns = api.namespace("dmfix-runbook");
        String name = "dmfix-cache-" + shortId();
        String id = docker.run(name, cmd -> { }, "sh", "-c", "echo started; exec sleep 3600");
        operator = startOperator(ns, "a");
        createAudit(ns, "cache", "{\"selector\":{\"names\":[\"" + name + "\"]},\"interval\":\"2s\","
                + "\"rules\":[{\"id\":\"app.cache-corrupt\",\"pattern\":\"cache index corrupt\",\"keywords\":[\"corrupt\"],"
                + "\"severity\":\"HIGH\",\"issueType\":\"disk\",\"fix\":\"exec\"}],"
                + "\"remediation\":{\"mode\":\"Auto\",\"runbooks\":[{\"name\":\"rebuild-cache\",\"action\":\"exec\","
                + "\"match\":{\"rules\":[\"app.cache-corrupt\"]},\"exec\":{\"argv\":[\"sh\",\"-c\","
                + "\"printf '%s|' \\\"$@\\\" > /argv.log; echo rebuilt\",\"runbook\",\"one two\","
                + "\"$(touch /pwned-argv)\",\"`touch /pwned-tick`\"],\"timeout\":\"10s\"}}]}}");
        // The log line is hostile: shell metacharacters, $(...), backticks and an embedded command.
        docker.exec(id, "sh", "-c", "printf '%s\\n' 'ERROR cache index corrupt $(touch /pwned-log) "
                + "`touch /pwned-log2`; touch /pwned-log3 && echo \"x\"' > /proc/1/fd/1");

        RemediationTask task = await().atMost(WITHIN).until(() -> task(ns), t -> !attempts(t).isEmpty()
                && attempts(t).get(0).result() != FixResult.Started);

        FixAttempt attempt = attempts(task).get(0);
        assertThat(attempt.result()).isEqualTo(FixResult.Succeeded);
        assertThat(attempt.argv()).containsExactly("sh", "-c", "printf '%s|' \"$@\" > /argv.log; echo rebuilt",
                "runbook", "one two", "$(touch /pwned-argv)", "`touch /pwned-tick`");
        assertThat(attempt.output()).isEqualTo("rebuilt\n");
        assertThat(attempt.exitCode()).isZero();
        assertThat(read(id, "/argv.log")).isEqualTo("one two|$(touch /pwned-argv)|`touch /pwned-tick`|");
        assertThat(read(id, "/pwned-argv /pwned-tick /pwned-log /pwned-log2 /pwned-log3"))
                .as("no text from the log or the argv was run by a shell").isEmpty();
        assertThat(task.getStatus().phase()).isEqualTo(TaskPhase.Verifying);
    }

    @Test
    void aFixIsResolvedOnlyAfterItsAdaptiveQuietPeriodAndARecurrenceRegressesWithTheLearning() {
        String ns = api.namespace("dmfix-verify");
        String name = "dmfix-verify-" + shortId();
        String id = docker.run(name, cmd -> { }, "sh", "-c", "echo started; exec sleep 3600");
        operator = startOperator(ns, "a");
        createAudit(ns, "verify", "{\"selector\":{\"names\":[\"" + name + "\"]},\"interval\":\"2s\","
                + "\"resolveAfter\":\"1m\"}");
        String error = "ERROR deadlock detected while updating order 17";
        log(id, error);
        await().atMost(WITHIN).until(() -> occurrences(ns) == 1);
        sleep(Duration.ofSeconds(25));
        log(id, error);
        await().atMost(WITHIN).until(() -> occurrences(ns) == 2);

        AgentDesk agent = new AgentDesk(new KubernetesTaskStore(client, ns, "agent-7"), Clock.systemUTC());
        String taskName = agent.next("agent-7", Duration.ofMinutes(10), null).orElseThrow().name();
        agent.resolve(taskName, "agent-7", "Ordered the row locks by id", List.of("orders/repository.py"),
                "Two writers locked order rows in opposite orders; lock in id order.");
        Instant fixedAt = Instant.now();
        RemediationTask verifying = await().atMost(WITHIN).until(() -> task(ns),
                t -> t.getStatus().phase() == TaskPhase.Verifying);
        assertThat(verifying.getStatus().quietPeriod()).as("3 x the 25 s gap is more than resolveAfter")
                .matches("1m1[5-9]s|1m[2-9][0-9]?s");

        sleep(Duration.between(Instant.now(), fixedAt.plusSeconds(65)));
        assertThat(task(ns).getStatus().phase()).as("resolveAfter alone would have resolved it by now")
                .isEqualTo(TaskPhase.Verifying);
        RemediationTask resolved = await().atMost(WITHIN).until(() -> task(ns),
                t -> t.getStatus().phase() == TaskPhase.Resolved);
        System.out.printf("figure: fix -> Resolved after the adaptive quiet period %s: %d ms%n",
                resolved.getStatus().quietPeriod(), Duration.between(fixedAt, Instant.parse(
                        resolved.getStatus().phaseSince())).toMillis());

        log(id, error);
        RemediationTask regressed = await().atMost(WITHIN).until(() -> task(ns),
                t -> t.getStatus().phase() == TaskPhase.Regressed);
        assertThat(regressed.getMetadata().getName()).isEqualTo(taskName);
        assertThat(regressed.getStatus().occurrences()).isEqualTo(3);
        assertThat(regressed.getStatus().previousFixes()).singleElement()
                .satisfies(fix -> assertThat(fix.learning()).contains("lock in id order"));
        assertThat(events(ns)).filteredOn(e -> "IssueRegressed".equals(e.getReason())).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains("agent-7", "lock in id order"));
        assertThat(api.kubectl("describe", "issue", taskName, "-n", ns)).contains("Previous Fixes", "lock in id order");
    }



    private void log(String containerId, String line) {
        docker.exec(containerId, "sh", "-c", "echo '" + line + "' > /proc/1/fd/1");
    }

    /** The files' contents as `cat` prints them inside the container (nothing for missing ones). */
    private String read(String containerId, String paths) {
        return docker.execOutput(containerId, "sh", "-c", "cat " + paths + " 2>/dev/null; true");
    }

    private static RemediationTask task(String ns) {
        List<RemediationTask> tasks = tasks(ns);
        return tasks.isEmpty() || tasks.get(0).getStatus() == null ? null : tasks.get(0);
    }

    private static List<RemediationTask> tasks(String ns) {
        return client.resources(RemediationTask.class).inNamespace(ns).list().getItems().stream()
                .filter(t -> t.getStatus() != null).toList();
    }

    private static long occurrences(String ns) {
        return Optional.ofNullable(task(ns)).map(t -> t.getStatus().occurrences()).orElse(0L);
    }

    private static List<FixAttempt> attempts(RemediationTask task) {
        return task == null || task.getStatus().attempts() == null ? List.of() : task.getStatus().attempts();
    }

    private static List<Event> events(String ns) {
        return client.v1().events().inNamespace(ns).list().getItems();
    }


    private static void sleep(Duration duration) {
        if (duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
