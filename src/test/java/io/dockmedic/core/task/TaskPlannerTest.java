package io.dockmedic.core.task;

import static io.dockmedic.core.task.Issues.issue;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.rules.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TaskPlannerTest {

    private static final String UID = "uid-1";
    private static final Set<String> NONE = Set.of();
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private final TaskPlanner planner = new TaskPlanner("shop", UID, new TaskLifecycle(Duration.ofHours(1)));

    @Test
    void newIssueBecomesAnOpenTaskWithItsCountsSamplesAndADetectedNotice() {
        List<TaskWork> work = planner.plan(List.of(), List.of(issue("fp-a", Severity.HIGH, 3, T0, T0.plusSeconds(5))), 
                NONE, scan(1), T0.plusSeconds(10));

        assertThat(work).hasSize(1);
        TaskWork task = work.get(0);
        assertThat(task.existing()).isNull();
        assertThat(task.name()).startsWith("shop-").hasSize("shop-".length() + 10);
        assertThat(task.spec().fingerprint()).isEqualTo("fp-a");
        assertThat(task.spec().container()).isEqualTo("shop/db");
        RemediationTaskStatus status = task.resultingStatus();
        assertThat(status.phase()).isEqualTo(TaskPhase.Open);
        assertThat(status.occurrences()).isEqualTo(3);
        assertThat(status.firstSeen()).isEqualTo(T0.toString());
        assertThat(status.lastSeen()).isEqualTo(T0.plusSeconds(5).toString());
        assertThat(status.lastSample()).endsWith("(last)");
        assertThat(status.firstSample()).endsWith("(first)");
        assertThat(status.priority()).isEqualTo(1);
        assertThat(status.appliedScan().sequence()).isEqualTo(1);
        assertThat(status.history()).extracting("reason").containsExactly("IssueDetected");
        assertThat(task.labels()).containsEntry("dockmedic.io/audit", "shop")
                .containsEntry("dockmedic.io/severity", "HIGH").containsEntry("dockmedic.io/phase", "Open");
        assertThat(task.decision().notices()).extracting(Notice::kind).containsExactly(Notice.Kind.DETECTED);
    }

    @Test
    void laterOccurrencesAddUpInTheSameTaskWithoutANewOne() {
        StoredTask task = written(planner.plan(List.of(), List.of(issue("fp-a", Severity.HIGH, 3, T0, T0)), 
                NONE, scan(1), T0).get(0));

        List<TaskWork> work = planner.plan(List.of(task),
                List.of(issue("fp-a", Severity.HIGH, 4, T0.plusSeconds(60), T0.plusSeconds(90))), NONE, scan(2),
                T0.plusSeconds(100));

        assertThat(work).hasSize(1);
        assertThat(work.get(0).existing()).isSameAs(task);
        assertThat(work.get(0).resultingStatus().occurrences()).isEqualTo(7);
        assertThat(work.get(0).resultingStatus().firstSeen()).isEqualTo(T0.toString());
        assertThat(work.get(0).resultingStatus().lastSeen()).isEqualTo(T0.plusSeconds(90).toString());
        assertThat(work.get(0).decision().notices()).isEmpty();
    }

    @Test
    void aScanRepeatedAfterACrashCountsNothingTwice() {
        StoredTask task = written(planner.plan(List.of(), List.of(issue("fp-a", Severity.HIGH, 3, T0, T0)), 
                NONE, scan(1), T0).get(0));

        List<TaskWork> again = planner.plan(List.of(task), List.of(issue("fp-a", Severity.HIGH, 3, T0, T0)), 
                NONE, scan(1), T0.plusSeconds(5));

        assertThat(again.get(0).resultingStatus().occurrences()).isEqualTo(3);
        assertThat(again.get(0).needsWrite()).isFalse();
    }

    @Test
    void aTaskLeftByAnEarlierAuditOfTheSameNameIsNotMistakenForCounted() {
        StoredTask task = written(planner.plan(List.of(), List.of(issue("fp-a", Severity.HIGH, 3, T0, T0)), 
                NONE, scan(1), T0).get(0));
        TaskPlanner recreated = new TaskPlanner("shop", "uid-2", new TaskLifecycle(Duration.ofHours(1)));

        List<TaskWork> work = recreated.plan(List.of(task), List.of(issue("fp-a", Severity.HIGH, 2, T0, T0)), 
                NONE, scan(1), T0.plusSeconds(5));

        assertThat(work.get(0).resultingStatus().occurrences()).isEqualTo(5);
    }

    @Test
    void nothingNewMeansNothingToWrite() {
        StoredTask task = written(planner.plan(List.of(), List.of(issue("fp-a", Severity.HIGH, 3, T0, T0)), 
                NONE, scan(1), T0).get(0));

        List<TaskWork> work = planner.plan(List.of(task), List.of(), NONE, scan(2), T0.plusSeconds(30));

        assertThat(work.get(0).needsWrite()).isFalse();
    }

    @Test
    void anOpenIssueQuietForTheResolvePeriodIsResolved() {
        StoredTask task = written(planner.plan(List.of(), List.of(issue("fp-a", Severity.HIGH, 3, T0, T0)), 
                NONE, scan(1), T0).get(0));

        TaskWork work = planner.plan(List.of(task), List.of(), NONE, scan(2), T0.plus(Duration.ofHours(1))).get(0);

        assertThat(work.resultingStatus().phase()).isEqualTo(TaskPhase.Resolved);
        assertThat(work.resultingStatus().priority()).isZero();
        assertThat(work.labels()).containsEntry("dockmedic.io/phase", "Resolved");
        assertThat(work.decision().notices()).extracting(Notice::kind).containsExactly(Notice.Kind.RESOLVED);
        Condition active = Condition.find(work.resultingStatus().conditions(), "Active");
        assertThat(active.status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(active.reason()).isEqualTo("QuietPeriodPassed");
    }

    @Test
    void aStateThatStillHoldsIsNeitherCountedAgainNorResolvedByTheQuietPeriod() {
        StoredTask task = firstTask();
        Instant later = T0.plus(Duration.ofHours(3));

        TaskWork work = planner.plan(List.of(task), List.of(), Set.of("fp-a"), scan(2), later).get(0);

        assertThat(work.resultingStatus().phase()).isEqualTo(TaskPhase.Open);
        assertThat(work.resultingStatus().occurrences()).isEqualTo(3);
        assertThat(Condition.find(work.resultingStatus().conditions(), "Active").reason()).isEqualTo("StillHolding");
    }

    @Test
    void aResolvedIssueThatRecursIsRegressed() {
        StoredTask task = written(planner.plan(List.of(), List.of(issue("fp-a", Severity.HIGH, 3, T0, T0)), 
                NONE, scan(1), T0).get(0));
        task = written(planner.plan(List.of(task), List.of(), NONE, scan(2), T0.plus(Duration.ofHours(2))).get(0), task);
        Instant again = T0.plus(Duration.ofHours(3));

        TaskWork work = planner.plan(List.of(task), List.of(issue("fp-a", Severity.HIGH, 1, again, again)), NONE, scan(3),
                again.plusSeconds(1)).get(0);

        assertThat(work.resultingStatus().phase()).isEqualTo(TaskPhase.Regressed);
        assertThat(work.resultingStatus().occurrences()).isEqualTo(4);
        assertThat(work.decision().notices()).extracting(Notice::kind).containsExactly(Notice.Kind.REGRESSED);
        assertThat(work.resultingStatus().history()).extracting("reason")
                .containsExactly("IssueDetected", "IssueResolved", "IssueRegressed");
    }

    @Test
    void aFixedTaskIsVerifiedThenResolvedWhenItStaysQuiet() {
        StoredTask task = agentSets(firstTask(), s -> withPhase(s, TaskPhase.Fixed, T0.plusSeconds(60)));

        TaskWork verifying = planner.plan(List.of(task), List.of(), NONE, scan(2), T0.plusSeconds(70)).get(0);
        assertThat(verifying.resultingStatus().phase()).isEqualTo(TaskPhase.Verifying);
        assertThat(verifying.resultingStatus().phaseSince()).isEqualTo(T0.plusSeconds(60).toString());
        assertThat(verifying.decision().notices()).extracting(Notice::kind).containsExactly(Notice.Kind.VERIFYING);

        task = written(verifying, task);
        TaskWork resolved = planner.plan(List.of(task), List.of(), NONE, scan(3), T0.plusSeconds(60).plus(Duration.ofHours(1)))
                .get(0);
        assertThat(resolved.resultingStatus().phase()).isEqualTo(TaskPhase.Resolved);
    }

    @Test
    void aFixedTaskRegressesOnlyWhenTheIssueHappensAfterTheFix() {
        StoredTask task = agentSets(firstTask(), s -> withPhase(s, TaskPhase.Fixed, T0.plusSeconds(60)));

        TaskWork beforeFix = planner.plan(List.of(task),
                List.of(issue("fp-a", Severity.HIGH, 1, T0.plusSeconds(30), T0.plusSeconds(30))), NONE, scan(2),
                T0.plusSeconds(70)).get(0);
        TaskWork afterFix = planner.plan(List.of(task),
                List.of(issue("fp-a", Severity.HIGH, 1, T0.plusSeconds(65), T0.plusSeconds(65))), NONE, scan(2),
                T0.plusSeconds(70)).get(0);

        assertThat(beforeFix.resultingStatus().phase()).isEqualTo(TaskPhase.Verifying);
        assertThat(afterFix.resultingStatus().phase()).isEqualTo(TaskPhase.Regressed);
    }

    @Test
    void anAgentsClaimAndPhaseAreNeverInTheOperatorsPatch() {
        Claim claim = new Claim("agent-7", T0.plusSeconds(5).toString(), null, "looking");
        StoredTask task = agentSets(firstTask(), s -> withClaim(withPhase(s, TaskPhase.Claimed, T0), claim));

        TaskWork work = planner.plan(List.of(task),
                List.of(issue("fp-a", Severity.HIGH, 2, T0.plusSeconds(10), T0.plusSeconds(10))), NONE, scan(2),
                T0.plusSeconds(20)).get(0);

        assertThat(work.resultingStatus().phase()).isEqualTo(TaskPhase.Claimed);
        assertThat(work.resultingStatus().claim()).isEqualTo(claim);
        assertThat(work.resultingStatus().occurrences()).isEqualTo(5);
        RemediationTaskStatus patch = work.decision().patch();
        assertThat(patch.claim()).isNull();
        assertThat(patch.phase()).isNull();
        assertThat(patch.phaseSince()).isNull();
        assertThat(patch.occurrences()).isEqualTo(5);
    }

    @Test
    void anExpiredClaimReturnsTheTaskToOpen() {
        Claim claim = new Claim("agent-7", T0.toString(), T0.plusSeconds(60).toString(), null);
        StoredTask task = agentSets(firstTask(), s -> withClaim(withPhase(s, TaskPhase.Claimed, T0), claim));

        TaskWork work = planner.plan(List.of(task), List.of(), NONE, scan(2), T0.plusSeconds(61)).get(0);

        assertThat(work.resultingStatus().phase()).isEqualTo(TaskPhase.Open);
        assertThat(work.decision().patch().phase()).isEqualTo(TaskPhase.Open);
        assertThat(work.decision().notices()).extracting(Notice::kind).containsExactly(Notice.Kind.CLAIM_EXPIRED);
    }

    @Test
    void anIgnoredTaskKeepsCountingButStaysIgnoredAndOutOfThePriorityOrder() {
        StoredTask task = agentSets(firstTask(), s -> withPhase(s, TaskPhase.Ignored, T0));

        TaskWork work = planner.plan(List.of(task),
                List.of(issue("fp-a", Severity.HIGH, 2, T0.plusSeconds(10), T0.plusSeconds(10))), NONE, scan(2),
                T0.plus(Duration.ofHours(5))).get(0);

        assertThat(work.resultingStatus().phase()).isEqualTo(TaskPhase.Ignored);
        assertThat(work.resultingStatus().occurrences()).isEqualTo(5);
        assertThat(work.resultingStatus().priority()).isZero();
    }

    @Test
    void aWorseOccurrenceRaisesTheSeverityAndSaysSo() {
        StoredTask task = firstTask();

        TaskWork work = planner.plan(List.of(task),
                List.of(issue("fp-a", Severity.CRITICAL, 1, T0.plusSeconds(10), T0.plusSeconds(10))), NONE, scan(2),
                T0.plusSeconds(20)).get(0);

        assertThat(work.resultingStatus().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(work.labels()).containsEntry("dockmedic.io/severity", "CRITICAL");
        assertThat(work.decision().notices()).extracting(Notice::kind).containsExactly(Notice.Kind.SEVERITY_RAISED);
        assertThat(task.spec().severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void openTasksAreRankedBySeverityThenRecencyThenFrequency() {
        List<Issue> found = List.of(
                issue("low-recent", Severity.LOW, 50, T0, T0.plusSeconds(50)),
                issue("high-old", Severity.HIGH, 1, T0, T0.plusSeconds(10)),
                issue("high-recent", Severity.HIGH, 1, T0, T0.plusSeconds(40)),
                issue("critical", Severity.CRITICAL, 1, T0, T0));

        List<TaskWork> work = planner.plan(List.of(), found, NONE, scan(1), T0.plusSeconds(60));

        assertThat(work.stream().sorted(java.util.Comparator.comparing(w -> w.resultingStatus().priority())))
                .extracting(w -> w.spec().fingerprint())
                .containsExactly("critical", "high-recent", "high-old", "low-recent");
    }

    @Test
    void historyStaysBoundedAndKeepsTheDetection() {
        StoredTask task = firstTask();
        Instant now = T0;
        for (int i = 0; i < 120; i++) {
            now = now.plus(Duration.ofDays(2));
            task = written(planner.plan(List.of(task), List.of(), NONE, scan(2 + 2 * i), now).get(0), task);
            now = now.plusSeconds(10);
            task = written(planner.plan(List.of(task), List.of(issue("fp-a", Severity.HIGH, 1, now, now)), 
                    NONE, scan(3 + 2 * i), now.plusSeconds(1)).get(0), task);
        }

        assertThat(task.status().history()).hasSize(TaskLifecycle.HISTORY_LIMIT);
        assertThat(task.status().history().get(0).reason()).isEqualTo("IssueDetected");
        assertThat(task.status().history().get(99).reason()).isEqualTo("IssueRegressed");
    }

    private StoredTask firstTask() {
        return written(planner.plan(List.of(), List.of(issue("fp-a", Severity.HIGH, 3, T0, T0)), NONE, scan(1), T0).get(0));
    }

    private static ScanMark scan(long sequence) {
        return new ScanMark(sequence, T0.plusSeconds(sequence));
    }

    /** The task as the store would return it after the work was written. */
    private static StoredTask written(TaskWork work) {
        return new StoredTask(work.name(), "task-uid", "1", 1, work.labels(), UID, work.spec(),
                work.resultingStatus());
    }

    private static StoredTask written(TaskWork work, StoredTask before) {
        return new StoredTask(before.name(), before.uid(), before.version() + "1", before.generation(), work.labels(),
                before.ownerUid(), before.spec(), work.resultingStatus());
    }

    private static StoredTask agentSets(StoredTask task, UnaryOperator<RemediationTaskStatus> change) {
        return new StoredTask(task.name(), task.uid(), task.version() + "a", task.generation(), task.labels(),
                task.ownerUid(), task.spec(), change.apply(task.status()));
    }

    private static RemediationTaskStatus withPhase(RemediationTaskStatus s, TaskPhase phase, Instant since) {
        return s.toBuilder().phase(phase).phaseSince(since.toString()).history(new ArrayList<>(s.history())).build();
    }

    private static RemediationTaskStatus withClaim(RemediationTaskStatus s, Claim claim) {
        return s.toBuilder().claim(claim).build();
    }
}
