package io.dockmedic.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.issue.IssueSource;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.scan.Truncation;
import io.dockmedic.core.task.Condition;
import io.dockmedic.core.task.ConditionStatus;
import io.dockmedic.operator.api.ContainerCursor;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditStatus;
import io.dockmedic.operator.api.ScanDropped;
import io.dockmedic.core.task.ScanMark;
import io.dockmedic.core.task.TaskLifecycle;
import io.dockmedic.core.task.TaskPlanner;
import io.dockmedic.core.task.TaskWork;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AuditStatusBuilderTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final List<ContainerCursor> CURSORS = List.of(
            new ContainerCursor("id-1", "web", T0.toString(), List.of("o1"), null));

    @Test
    void aScanRecordsItsWindowCountsCursorsAndOpenIssues() {
        List<TaskWork> tasks = tasks(12);
        LogAuditStatus status = AuditStatusBuilder.from(audit(null), T0)
                .scanned("unix:///var/run/docker.sock", summary(1, 300, List.of()))
                .tasks(tasks)
                .build();

        assertThat(status.scanSequence()).isEqualTo(1);
        assertThat(status.lastScanTime()).isEqualTo(T0.toString());
        assertThat(status.totalLinesScanned()).isEqualTo(300);
        assertThat(status.cursors()).isEqualTo(CURSORS);
        assertThat(status.openIssues().total()).isEqualTo(12);
        assertThat(status.openIssues().high()).isEqualTo(12);
        assertThat(status.topIssues()).hasSize(10);
        assertThat(status.topIssues().get(0).task()).isEqualTo(tasks.stream()
                .filter(t -> t.resultingStatus().priority() == 1).findFirst().orElseThrow().name());
        assertThat(condition(status, "Ready").status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(condition(status, "Degraded").status()).isEqualTo(ConditionStatus.FALSE);
    }

    @Test
    void anUnreachableEngineKeepsWhatTheLastScanSawAndFlipsReadyAtThatMoment() {
        LogAuditStatus scanned = AuditStatusBuilder.from(audit(null), T0)
                .scanned("unix:///var/run/docker.sock", summary(3, 50, List.of())).tasks(tasks(2)).build();
        Instant later = T0.plusSeconds(90);

        LogAuditStatus failed = AuditStatusBuilder.from(audit(scanned), later)
                .dockerUnreachable("cannot reach Docker at unix:///var/run/docker.sock: connection refused").build();

        assertThat(failed.cursors()).isEqualTo(scanned.cursors());
        assertThat(failed.scanSequence()).isEqualTo(3);
        assertThat(failed.openIssues()).isEqualTo(scanned.openIssues());
        assertThat(failed.totalLinesScanned()).isEqualTo(50);
        Condition ready = condition(failed, "Ready");
        assertThat(ready.status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(ready.reason()).isEqualTo("EngineUnreachable");
        assertThat(ready.lastTransitionTime()).isEqualTo(later.toString());
        assertThat(condition(failed, "DockerReachable").message()).contains("connection refused");
    }

    @Test
    void containersThatCouldNotBeReadMakeTheAuditDegradedButStillReady() {
        LogAuditStatus status = AuditStatusBuilder.from(audit(null), T0)
                .scanned("tcp://docker:2375", summary(1, 10, List.of("web: logs could not be read: timeout")))
                .tasks(List.of()).build();

        assertThat(condition(status, "Degraded").status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(condition(status, "Degraded").message()).contains("1 of 2 containers could not be read: web:");
        assertThat(condition(status, "Ready").status()).isEqualTo(ConditionStatus.TRUE);
    }

    @Test
    void aScanThatHitAMemoryCapSaysTruncatedWithWhatWasDroppedAndIsDegradedButReady() {
        Truncation cut = new Truncation("the issue ledger is full: 10000 issues", 10_000, 12_000, 290_826);
        LogAuditStatus status = AuditStatusBuilder.from(audit(null), T0)
                .scanned("unix:///var/run/docker.sock", summary(1, 300_000, List.of(), cut)).tasks(List.of()).build();

        assertThat(status.truncated()).isTrue();
        assertThat(status.dropped()).isEqualTo(new ScanDropped("the issue ledger is full: 10000 issues", 10_000,
                12_000, 290_826));
        Condition degraded = condition(status, "Degraded");
        assertThat(degraded.status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(degraded.reason()).isEqualTo("ScanTruncated");
        assertThat(degraded.message()).isEqualTo("A memory cap left 12000 new issues (290826 occurrences) out of this "
                + "scan, which kept 10000 issues: the issue ledger is full: 10000 issues.");
        assertThat(condition(status, "Ready").status()).isEqualTo(ConditionStatus.TRUE);
    }

    @Test
    void truncationIsTheLastScansAndAFailedScanKeepsWhatTheLastOneSaid() {
        Truncation cut = new Truncation("the issue ledger is full", 9_174, 10_000, 290_826);
        LogAuditStatus truncated = AuditStatusBuilder.from(audit(null), T0)
                .scanned("unix:///var/run/docker.sock", summary(1, 10, List.of(), cut)).tasks(List.of()).build();

        LogAuditStatus unreachable = AuditStatusBuilder.from(audit(truncated), T0.plusSeconds(30))
                .dockerUnreachable("connection refused").build();
        assertThat(unreachable.truncated()).isTrue();
        assertThat(unreachable.dropped()).isEqualTo(truncated.dropped());

        LogAuditStatus clean = AuditStatusBuilder.from(audit(unreachable), T0.plusSeconds(60))
                .scanned("unix:///var/run/docker.sock", summary(2, 10, List.of())).tasks(List.of()).build();
        assertThat(clean.truncated()).isNull();
        assertThat(clean.dropped()).isNull();
        assertThat(condition(clean, "Degraded").status()).isEqualTo(ConditionStatus.FALSE);
    }

    @Test
    void aScanPastItsTimeBudgetIsDegradedScanSlowWithHowLongItTook() {
        LogAuditStatus status = AuditStatusBuilder.from(audit(null), T0)
                .scanTime(new ScanWatch.Timed<>("report", Duration.ofSeconds(312), Duration.ofMinutes(5)))
                .scanned("unix:///var/run/docker.sock", summary(1, 10, List.of())).tasks(List.of()).build();

        Condition degraded = condition(status, "Degraded");
        assertThat(degraded.status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(degraded.reason()).isEqualTo("ScanSlow");
        assertThat(degraded.message()).isEqualTo("The scan took 312s, more than its budget of 300s.");
        assertThat(condition(status, "Ready").status()).isEqualTo(ConditionStatus.TRUE);

        LogAuditStatus inBudget = AuditStatusBuilder.from(audit(status), T0.plusSeconds(400))
                .scanTime(new ScanWatch.Timed<>("report", Duration.ofSeconds(4), Duration.ofMinutes(5)))
                .scanned("unix:///var/run/docker.sock", summary(2, 10, List.of())).tasks(List.of()).build();
        assertThat(condition(inBudget, "Degraded").status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(condition(inBudget, "Degraded").lastTransitionTime()).isEqualTo(T0.plusSeconds(400).toString());
    }

    @Test
    void aScanThatFellShortInSeveralWaysNamesEachInDegradedTheFirstGivingTheReason() {
        LogAuditStatus status = AuditStatusBuilder.from(audit(null), T0)
                .scanTime(new ScanWatch.Timed<>("report", Duration.ofSeconds(301), Duration.ofMinutes(5)))
                .scanned("unix:///var/run/docker.sock", summary(1, 10, List.of("web: timeout"),
                        new Truncation("the issue ledger is full", 1, 2, 3)))
                .tasks(List.of()).build();

        Condition degraded = condition(status, "Degraded");
        assertThat(degraded.reason()).isEqualTo("ContainersUnreadable");
        assertThat(degraded.message()).isEqualTo("1 of 2 containers could not be read: web: timeout. A memory cap "
                + "left 2 new issues (3 occurrences) out of this scan, which kept 1 issues: the issue ledger is full. "
                + "The scan took 301s, more than its budget of 300s.");
    }

    private static ScanSummary summary(long sequence, long lines, List<String> unreadable) {
        return summary(sequence, lines, unreadable, null);
    }

    private static ScanSummary summary(long sequence, long lines, List<String> unreadable, Truncation truncation) {
        return new ScanSummary(new ScanMark(sequence, T0), 2, 1, lines, CURSORS, unreadable, truncation);
    }

    private static List<TaskWork> tasks(int count) {
        TaskPlanner planner = new TaskPlanner("shop", "uid", new TaskLifecycle(Duration.ofHours(1)));
        List<Issue> issues = IntStream.range(0, count).mapToObj(i -> new Issue("fp-" + i, "web", "web", "id", "img",
                null, Severity.HIGH, Category.DATABASE, IssueSource.LOG, "template " + i, "s", "s", 1 + i,
                T0.minusSeconds(i), T0.minusSeconds(i), "db.deadlock", "", FixKind.AGENT, 0)).toList();
        return planner.plan(List.of(), issues, Set.of(), new ScanMark(1, T0), T0);
    }

    private static LogAudit audit(LogAuditStatus status) {
        LogAudit audit = new LogAudit();
        audit.setMetadata(new ObjectMetaBuilder().withName("shop").withGeneration(1L).build());
        audit.setStatus(status);
        return audit;
    }

    private static Condition condition(LogAuditStatus status, String type) {
        return Condition.find(status.conditions(), type);
    }
}
