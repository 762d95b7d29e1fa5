package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.issue.IssueSource;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.fix.FixAction;
import io.dockmedic.core.fix.FixOrder;
import io.dockmedic.core.fix.FixOutcome;
import io.dockmedic.core.fix.FixRunner;
import io.dockmedic.core.scan.Truncation;
import io.dockmedic.core.task.Claim;
import io.dockmedic.core.task.FixAttempt;
import io.dockmedic.core.task.Notice;
import io.dockmedic.core.task.TaskDecision;
import io.dockmedic.core.task.FixResult;
import io.dockmedic.core.task.FixType;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.ScanMark;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskLifecycle;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.core.task.TaskPlanner;
import io.dockmedic.core.task.TaskWork;
import io.dockmedic.operator.AuditMetrics.AuditKey;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AuditMetricsTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final AuditKey SHOP = new AuditKey("prod", "shop");
    private static final String UID = "uid-shop";

    private final MovableClock clock = new MovableClock(T0);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AuditMetrics metrics = new AuditMetrics(registry, clock);
    private final TaskPlanner planner = new TaskPlanner("shop", UID, new TaskLifecycle(Duration.ofHours(1)));

    @Test
    void aNewCriticalIssueIsDetectedOpenCountedAndAgesFromItsDetection() {
        clock.set(T0.plusSeconds(10));
        metrics.tasks(SHOP, planner.plan(List.of(), List.of(issue("fp-oom", Severity.CRITICAL, Category.MEMORY, 3, T0)),
                Set.of(), scan(1), T0.plusSeconds(10)));

        assertThat(value("dockmedic_open_issues", "severity=\"critical\"", "phase=\"Open\"")).isEqualTo(1);
        assertThat(value("dockmedic_open_issues", "severity=\"high\"", "phase=\"Open\"")).isZero();
        assertThat(value("dockmedic_issues_detected_total", "severity=\"critical\"", "category=\"memory\""))
                .isEqualTo(1);
        assertThat(value("dockmedic_issues_detected_total", "severity=\"critical\"", "category=\"crash\"")).isZero();
        assertThat(value("dockmedic_issue_occurrences_total", "severity=\"critical\"")).isEqualTo(3);
        clock.set(T0.plusSeconds(100));
        assertThat(value("dockmedic_oldest_open_critical_issue_age_seconds")).as("read at scrape time").isEqualTo(90);
    }

    @Test
    void withNoCriticalIssueOpenTheAgeIsZeroAndARepeatedScanCountsNoOccurrenceTwice() {
        StoredTask high = written(planner.plan(List.of(), List.of(issue("fp-db", Severity.HIGH,
                Category.DATABASE, 2, T0)), Set.of(), scan(1), T0).get(0));
        metrics.tasks(SHOP, planner.plan(List.of(high), List.of(issue("fp-db", Severity.HIGH, Category.DATABASE, 2,
                T0)), Set.of(), scan(1), T0.plusSeconds(5)));

        assertThat(value("dockmedic_oldest_open_critical_issue_age_seconds")).isZero();
        assertThat(value("dockmedic_issue_occurrences_total", "severity=\"high\"")).as("already counted").isZero();
        assertThat(value("dockmedic_open_issues", "severity=\"high\"", "phase=\"Open\"")).isEqualTo(1);
    }

    @Test
    void anAgentsFixThatRecursCountsOneResolutionAndOneRegressionAndTheAgeRestartsAtTheRegression() {
        StoredTask task = written(planner.plan(List.of(), List.of(issue("fp-oom", Severity.CRITICAL,
                Category.MEMORY, 1, T0)), Set.of(), scan(1), T0).get(0));
        task = agentSets(task, s -> withPhase(s, TaskPhase.Fixed, T0.plusSeconds(60)));
        Instant recurred = T0.plusSeconds(120);
        clock.set(recurred.plusSeconds(5));
        metrics.tasks(SHOP, planner.plan(List.of(task), List.of(issue("fp-oom", Severity.CRITICAL, Category.MEMORY, 1,
                recurred)), Set.of(), scan(2), recurred.plusSeconds(5)));

        assertThat(value("dockmedic_agent_resolutions_total")).isEqualTo(1);
        assertThat(value("dockmedic_issue_regressions_total", "severity=\"critical\"", "category=\"memory\""))
                .isEqualTo(1);
        assertThat(value("dockmedic_open_issues", "severity=\"critical\"", "phase=\"Regressed\"")).isEqualTo(1);
        assertThat(value("dockmedic_open_issues", "severity=\"critical\"", "phase=\"Open\"")).isZero();
        clock.set(recurred.plusSeconds(35));
        assertThat(value("dockmedic_oldest_open_critical_issue_age_seconds")).as("since the regression was noticed")
                .isEqualTo(30);
    }

    @Test
    void anIgnoredCriticalIssueIsNotOpenAndStopsAgeing() {
        StoredTask task = written(planner.plan(List.of(), List.of(issue("fp-oom", Severity.CRITICAL,
                Category.MEMORY, 1, T0)), Set.of(), scan(1), T0).get(0));
        task = agentSets(task, s -> withPhase(s, TaskPhase.Ignored, T0.plusSeconds(60)));
        metrics.tasks(SHOP, planner.plan(List.of(task), List.of(), Set.of(), scan(2), T0.plusSeconds(61)));

        assertThat(value("dockmedic_oldest_open_critical_issue_age_seconds")).isZero();
        assertThat(registry.scrape()).doesNotContain("phase=\"Ignored\"").doesNotContain("phase=\"Resolved\"");
        assertThat(value("dockmedic_open_issues", "severity=\"critical\"", "phase=\"Open\"")).isZero();
    }

    @Test
    void aClaimIsCountedOnceWhenItAppearsButNotWhenItPredatesTheOperatorAndItsExpiryIsCounted() {
        StoredTask old = written(planner.plan(List.of(), List.of(issue("fp-a", Severity.HIGH, Category.DATABASE,
                1, T0)), Set.of(), scan(1), T0).get(0));
        old = agentSets(old, s -> withClaim(withPhase(s, TaskPhase.Claimed, T0.minusSeconds(60)),
                new Claim("agent-1", T0.minusSeconds(60).toString(), T0.plusSeconds(600).toString(), null)));
        StoredTask fresh = written(planner.plan(List.of(), List.of(issue("fp-b", Severity.HIGH, Category.NETWORK,
                1, T0)), Set.of(), scan(1), T0).get(0));
        metrics.tasks(SHOP, planner.plan(List.of(old, fresh), List.of(), Set.of(), scan(2), T0.plusSeconds(1)));
        assertThat(value("dockmedic_claims_total")).as("claimed before this process started").isZero();

        fresh = agentSets(fresh, s -> withClaim(withPhase(s, TaskPhase.Claimed, T0.plusSeconds(2)),
                new Claim("agent-2", T0.plusSeconds(2).toString(), T0.plusSeconds(30).toString(), null)));
        metrics.tasks(SHOP, planner.plan(List.of(old, fresh), List.of(), Set.of(), scan(3), T0.plusSeconds(3)));
        metrics.tasks(SHOP, planner.plan(List.of(old, fresh), List.of(), Set.of(), scan(4), T0.plusSeconds(4)));
        fresh = agentSets(fresh, s -> withClaim(s, new Claim("agent-2", T0.plusSeconds(2).toString(),
                T0.plusSeconds(30).toString(), "renewed, working on it")));
        metrics.tasks(SHOP, planner.plan(List.of(old, fresh), List.of(), Set.of(), scan(5), T0.plusSeconds(5)));
        assertThat(value("dockmedic_claims_total")).as("a renewal is the same claim").isEqualTo(1);
        assertThat(value("dockmedic_open_issues", "severity=\"high\"", "phase=\"Claimed\"")).isEqualTo(2);

        List<TaskWork> expired = planner.plan(List.of(old, fresh), List.of(), Set.of(), scan(6), T0.plusSeconds(31));
        metrics.tasks(SHOP, expired);
        assertThat(value("dockmedic_claim_expiries_total")).isEqualTo(1);
        assertThat(value("dockmedic_open_issues", "severity=\"high\"", "phase=\"Open\"")).isEqualTo(1);
    }

    @Test
    void aScanCutShortByTheLedgerCapIsCountedWithTheOccurrencesItDropped() {
        metrics.scanned(SHOP, Duration.ofMillis(30), 11_000, 880_000);
        assertThat(value("dockmedic_scans_truncated_total")).as("exists at zero").isZero();
        metrics.truncated(SHOP, new Truncation("the issue ledger is full", 10_000, 1_000, 1_000));
        metrics.truncated(SHOP, new Truncation("the issue ledger is full", 10_000, 20, 35));

        assertThat(value("dockmedic_scans_truncated_total")).isEqualTo(2);
        assertThat(value("dockmedic_occurrences_dropped_total")).isEqualTo(1_035);
    }

    @Test
    void scanFailuresAreCountedByReasonAndTheEngineGaugeFollowsTheLastScan() {
        metrics.scanned(SHOP, Duration.ofMillis(300), 42, 3360);
        assertThat(value("dockmedic_docker_engine_reachable")).isEqualTo(1);
        metrics.scanFailed(SHOP, AuditMetrics.ENGINE_UNREACHABLE);
        metrics.scanFailed(SHOP, AuditMetrics.ENGINE_UNREACHABLE);

        assertThat(value("dockmedic_docker_engine_reachable")).isZero();
        assertThat(value("dockmedic_scans_total")).isEqualTo(3);
        assertThat(value("dockmedic_scan_failures_total", "reason=\"EngineUnreachable\"")).isEqualTo(2);
        assertThat(value("dockmedic_scan_failures_total", "reason=\"ScanFailed\"")).isZero();
        assertThat(value("dockmedic_lines_scanned_total")).isEqualTo(42);
        assertThat(value("dockmedic_log_scanned_bytes_total")).isEqualTo(42 * 80);
        assertThat(value("dockmedic_scan_duration_seconds_bucket", "le=\"0.25\"")).isZero();
        assertThat(value("dockmedic_scan_duration_seconds_bucket", "le=\"0.5\"")).isEqualTo(1);
        assertThat(value("dockmedic_scan_duration_seconds_count")).isEqualTo(1);
        metrics.scanned(SHOP, Duration.ofMillis(100), 0, 0);
        assertThat(value("dockmedic_docker_engine_reachable")).as("answered again").isEqualTo(1);
        assertThatThrownBy(() -> metrics.scanFailed(SHOP, "Whatever")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown scan failure reason Whatever");
    }

    @Test
    void remediationCountersExistAtZeroBeforeTheFirstFixAndCountByActionAndResult() {
        metrics.scanned(SHOP, Duration.ofMillis(10), 0, 0);
        for (String action : List.of("restart", "exec")) {
            for (String result : List.of("Succeeded", "Failed", "DryRun", "Interrupted")) {
                assertThat(value("dockmedic_remediation_attempts_total", "action=\"" + action + "\"",
                        "result=\"" + result + "\"")).isZero();
            }
        }
        assertThat(value("dockmedic_remediation_budget_exhausted_total")).isZero();

        metrics.remediationAttempt(SHOP, FixType.RESTART, FixResult.Failed);
        metrics.budgetExhausted(SHOP);
        assertThat(value("dockmedic_remediation_attempts_total", "action=\"restart\"", "result=\"Failed\""))
                .isEqualTo(1);
        assertThat(value("dockmedic_remediation_budget_exhausted_total")).isEqualTo(1);
        assertThatThrownBy(() -> metrics.remediationAttempt(SHOP, FixType.AGENT, FixResult.Succeeded))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an automatic fix");
        assertThatThrownBy(() -> metrics.remediationAttempt(SHOP, FixType.EXEC, FixResult.Started))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not how an attempt ends");
    }

    @Test
    void fixesAreCountedByActionAndHowTheyEndedAndABudgetHandOverOnce() {
        TaskWork work = planner.plan(List.of(), List.of(issue("fp-crash", Severity.HIGH, Category.CRASH, 1, T0)),
                Set.of(), scan(1), T0).get(0);
        FixAttempt dry = new FixAttempt(1, "exec", "runbook:flush", "shop-db-1", "c0ffee", List.of("true"), null, true,
                T0.toString(), T0.toString(), FixResult.DryRun, null, null, "would exec");
        RemediationTaskStatus next = work.decision().next().toBuilder().attempts(List.of(dry)).build();
        metrics.tasks(SHOP, List.of(work.with(new TaskDecision(work.decision().before(), next, Set.of(),
                List.of(new Notice(Notice.Kind.FIX_DRY_RUN, "dry"), new Notice(Notice.Kind.BUDGET_EXHAUSTED, "used up"))))));
        FixOrder restart = new FixOrder(work.name(), 2, FixAction.restart(Duration.ofSeconds(10)), "c0ffee", "shop-db-1");
        metrics.fixesDone(SHOP, List.of(
                new FixRunner.Done(restart, new FixOutcome(false, null, null, "no such container"), null),
                new FixRunner.Done(restart, new FixOutcome(true, null, null, "restarted"), null)));

        assertThat(value("dockmedic_remediation_attempts_total", "action=\"exec\"", "result=\"DryRun\"")).isEqualTo(1);
        assertThat(value("dockmedic_remediation_attempts_total", "action=\"restart\"", "result=\"Failed\""))
                .isEqualTo(1);
        assertThat(value("dockmedic_remediation_attempts_total", "action=\"restart\"", "result=\"Succeeded\""))
                .isEqualTo(1);
        assertThat(value("dockmedic_remediation_budget_exhausted_total")).isEqualTo(1);
    }

    @Test
    void tagsNeverCarryFingerprintsContainersOrMessagesAndADeletedAuditLeavesNoMeter() {
        metrics.tasks(SHOP, planner.plan(List.of(), List.of(issue("fp-secret-1234", Severity.CRITICAL,
                Category.MEMORY, 1, T0)), Set.of(), scan(1), T0));
        metrics.scanned(new AuditKey("prod", "other"), Duration.ofMillis(5), 1, 80);
        String scrape = registry.scrape();
        assertThat(scrape).doesNotContain("fp-secret-1234").doesNotContain("shop-db-1").doesNotContain("c0ffee")
                .doesNotContain("password");
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getTags()).allSatisfy(tag -> assertThat(tag.getKey())
                    .isIn("namespace", "audit", "severity", "phase", "category", "reason", "action", "result"));
        }

        metrics.retain(Set.of(new AuditKey("prod", "other")));
        assertThat(registry.scrape()).doesNotContain("audit=\"shop\"").contains("audit=\"other\"");
    }

    @Test
    void theLeaderGaugeAndReadinessFollowTheLeaseAndTheApiServer() {
        boolean[] apiUp = {true};
        OperatorHealth health = new OperatorHealth(() -> {
            if (!apiUp[0]) {
                throw new IllegalStateException("connection refused");
            }
        }, clock, true, registry);
        assertThat(health.readiness().ready()).isFalse();
        health.started();
        assertThat(health.readiness()).isEqualTo(new OperatorHealth.Readiness(true, "standing by for the Lease"));
        assertThat(value("dockmedic_operator_leader")).isZero();
        health.leading(true);
        assertThat(value("dockmedic_operator_leader")).isEqualTo(1);
        assertThat(health.readiness().reason()).isEqualTo("leader");

        apiUp[0] = false;
        assertThat(health.readiness().ready()).as("the last answer is kept for a moment").isTrue();
        clock.set(T0.plus(OperatorHealth.CHECK_CACHE));
        assertThat(health.readiness()).isEqualTo(new OperatorHealth.Readiness(false,
                "API server unreachable: connection refused"));
        health.stopping();
        assertThat(health.readiness().ready()).isFalse();
        assertThat(value("dockmedic_operator_leader")).isZero();
    }

    @Test
    void anApiServerThatHangsMakesTheReplicaNotReadyWithinTheTimeoutAndIsAskedOnlyOnce() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        OperatorHealth health = new OperatorHealth(() -> {
            asked.incrementAndGet();
            never.await();
        }, clock, false, registry);
        health.started();
        assertThat(health.readiness()).isEqualTo(new OperatorHealth.Readiness(false,
                "API server unreachable: no answer within 2 s"));
        clock.set(T0.plus(OperatorHealth.CHECK_CACHE));
        assertThat(health.readiness().ready()).isFalse();
        assertThat(asked).as("the hung question is waited for, not asked again").hasValue(1);
        never.countDown();
    }

    /** The value of the one sample of {@code name} for the shop audit whose labels hold all of {@code labels}. */
    private double value(String name, String... labels) {
        List<String> lines = registry.scrape().lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> !l.contains("audit=") || l.contains("audit=\"shop\""))
                .filter(l -> List.of(labels).stream().allMatch(l::contains)).toList();
        assertThat(lines).as(name + " " + List.of(labels)).hasSize(1);
        String line = lines.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static Issue issue(String fingerprint, Severity severity, Category category, long occurrences,
            Instant seen) {
        return new Issue(fingerprint, "shop/db", "shop-db-1", "c0ffee", "postgres:16", "db", severity, category,
                IssueSource.LOG, "password authentication failed for user <*>", "FATAL: password (first)",
                "FATAL: password (last)", occurrences, seen, seen, "db.auth-failed", "Check the credentials",
                FixKind.AGENT, 1);
    }

    private static ScanMark scan(long sequence) {
        return new ScanMark(sequence, T0.plusSeconds(sequence));
    }

    private static StoredTask written(TaskWork work) {
        return new StoredTask(work.name(), "uid-" + work.name(), "1", 1, work.labels(), UID, work.spec(),
                work.resultingStatus());
    }

    /** The task after an agent or person changed its status. */
    private static StoredTask agentSets(StoredTask task, UnaryOperator<RemediationTaskStatus> change) {
        return new StoredTask(task.name(), task.uid(), task.version() + "a", task.generation(), task.labels(),
                task.ownerUid(), task.spec(), change.apply(task.status()));
    }

    private static RemediationTaskStatus withPhase(RemediationTaskStatus s, TaskPhase phase, Instant since) {
        return s.toBuilder().phase(phase).phaseSince(since.toString()).build();
    }

    private static RemediationTaskStatus withClaim(RemediationTaskStatus s, Claim claim) {
        return s.toBuilder().claim(claim).build();
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
