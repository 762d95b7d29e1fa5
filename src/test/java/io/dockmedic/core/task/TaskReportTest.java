package io.dockmedic.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.rules.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskReportTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private static RemediationTaskSpec spec(String fingerprint, String container, IssueType type, FixType fix) {
        return new RemediationTaskSpec(new AuditReference("shop"), fingerprint, container, IssueSourceType.LOG, type,
                Severity.HIGH, "template of " + fingerprint, "rule", "do something", fix);
    }

    private static RemediationTaskStatus.Builder status(TaskPhase phase, Severity severity, String lastSeen,
            long occurrences) {
        return new RemediationTaskStatus.Builder().phase(phase).severity(severity).lastSeen(lastSeen)
                .firstSeen("2026-12-01T00:00:00Z").occurrences(occurrences).containerName("shop-db-1")
                .lastSample("sample");
    }

    private static TaskReport.InNamespace task(String ns, String name, RemediationTaskSpec spec,
            RemediationTaskStatus status) {
        return new TaskReport.InNamespace(ns, new StoredTask(name, "uid-" + name, "1", 1, Map.of(), null, spec,
                status));
    }

    private static TaskReport.InNamespace task(String name, TaskPhase phase, Severity severity, String lastSeen,
            long occurrences) {
        return task("shop", name, spec("fp-" + name, "shop/db", IssueType.DATABASE, FixType.AGENT),
                status(phase, severity, lastSeen, occurrences).build());
    }

    @Test
    void tasksNeedingAttentionComeFirstInPriorityOrderAndClosedOnesGetPriorityZero() {
        TaskReport report = TaskReport.of(List.of(
                task("resolved-critical", TaskPhase.Resolved, Severity.CRITICAL, "2026-12-02T11:00:00Z", 9),
                task("high-old", TaskPhase.Open, Severity.HIGH, "2026-12-02T09:00:00Z", 5),
                task("high-recent", TaskPhase.Claimed, Severity.HIGH, "2026-12-02T10:00:00Z", 1),
                task("critical", TaskPhase.Regressed, Severity.CRITICAL, "2026-12-01T10:00:00Z", 1),
                task("ignored", TaskPhase.Ignored, Severity.CRITICAL, "2026-12-02T11:30:00Z", 1)), NOW);

        assertThat(report.issues()).extracting(TaskReport.IssueEntry::task)
                .containsExactly("critical", "high-recent", "high-old", "ignored", "resolved-critical");
        assertThat(report.issues()).extracting(TaskReport.IssueEntry::priority).containsExactly(1, 2, 3, 0, 0);
        assertThat(report.needingAttention()).extracting(TaskReport.IssueEntry::task)
                .containsExactly("critical", "high-recent", "high-old");
        assertThat(report.issues().get(0).phase()).isEqualTo("Regressed");
    }

    @Test
    void aSilenceLowersTheReportedSeverityAndAnIgnoringSilenceTakesTheTaskOutOfThePlan() {
        TaskReport report = TaskReport.of(List.of(
                task("shop", "lowered", spec("fp-1", "shop/db", IssueType.DATABASE, FixType.AGENT),
                        status(TaskPhase.Open, Severity.CRITICAL, "2026-12-02T10:00:00Z", 1)
                                .silence(new SilenceState("noisy", "LOW", "known", null)).build()),
                task("shop", "ignored", spec("fp-2", "shop/db", IssueType.DATABASE, FixType.AGENT),
                        status(TaskPhase.Open, Severity.CRITICAL, "2026-12-02T10:00:00Z", 1)
                                .silence(new SilenceState("gone", SilenceState.IGNORE, "known", null)).build())),
                NOW);

        assertThat(report.issues()).extracting(TaskReport.IssueEntry::task, TaskReport.IssueEntry::severity,
                        TaskReport.IssueEntry::needsAttention)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("lowered", Severity.LOW, true),
                        org.assertj.core.groups.Tuple.tuple("ignored", Severity.CRITICAL, false));
    }

    @Test
    void aTaskWhoseAutomaticFixFailedIsWorkForAnAgent() {
        TaskReport report = TaskReport.of(List.of(
                task("shop", "failed", spec("fp-1", "shop/db", IssueType.CRASH, FixType.RESTART),
                        status(TaskPhase.Failed, Severity.HIGH, "2026-12-02T10:00:00Z", 1).build()),
                task("shop", "open", spec("fp-2", "shop/db", IssueType.CRASH, FixType.RESTART),
                        status(TaskPhase.Open, Severity.HIGH, "2026-12-02T10:00:00Z", 1).build())), NOW);

        assertThat(report.issues()).filteredOn(e -> e.task().equals("failed")).singleElement()
                .satisfies(e -> {
                    assertThat(e.fix()).isEqualTo("agent");
                    assertThat(e.automatic()).isFalse();
                });
        assertThat(report.issues()).filteredOn(e -> e.task().equals("open")).singleElement()
                .satisfies(e -> assertThat(e.automatic()).isTrue());
    }

    @Test
    void theIssueCarriesTheTasksCountsTimesSampleAndComposeService() {
        TaskReport report = TaskReport.of(List.of(task("shop", "t", spec("fp-1", "shop/db", IssueType.DATABASE,
                FixType.AGENT), status(TaskPhase.Open, Severity.HIGH, "2026-12-02T10:00:00.5+01:00", 7)
                .firstSample("first").lastSample(null).containerId("c0ffee").image("postgres:16").build()),
                task("shop", "plain", spec("fp-2", "worker", IssueType.DATABASE, FixType.AGENT),
                        new RemediationTaskStatus.Builder().phase(TaskPhase.Open).build())), NOW);

        TaskReport.IssueEntry e = report.issues().stream().filter(i -> i.task().equals("t")).findFirst().orElseThrow();
        assertThat(e.occurrences()).isEqualTo(7);
        assertThat(e.lastSeen()).isEqualTo("2026-12-02T09:00:00.500Z");
        assertThat(e.firstSeen()).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(e.logExcerpt()).isEqualTo("first");
        assertThat(e.container()).isEqualTo("shop-db-1");
        assertThat(e.service()).isEqualTo("db");
        assertThat(e.issueType()).isEqualTo("database");
        assertThat(e.source()).isEqualTo("log");
        TaskReport.IssueEntry plain = report.issues().stream().filter(i -> i.task().equals("plain")).findFirst()
                .orElseThrow();
        assertThat(plain.container()).as("never seen by name: the identity").isEqualTo("worker");
        assertThat(plain.service()).isNull();
        assertThat(plain.severity()).as("no status severity yet: the spec's").isEqualTo(Severity.HIGH);
        TaskReport.IssueEntry unwritten = TaskReport.of(List.of(task("shop", "new", spec("fp-3", "worker",
                IssueType.CRASH, FixType.AGENT), null)), NOW).issues().get(0);
        assertThat(unwritten.needsAttention()).as("no status yet: a new task").isTrue();
        assertThat(unwritten.priority()).isEqualTo(1);
        assertThat(unwritten.phase()).isNull();
    }

    @Test
    void attemptsOfAllTasksAreInTimeOrderWhateverTheOffsetTheyWereWrittenWith() {
        FixAttempt early = attempt(1, "2026-12-02T11:00:00+02:00"); // 09:00Z
        FixAttempt late = attempt(2, "2026-12-02T10:00:00Z");
        FixAttempt middle = attempt(1, "2026-12-02T09:30:00Z");
        TaskReport report = TaskReport.of(List.of(
                task("shop", "a", spec("fp-a", "shop/db", IssueType.CRASH, FixType.RESTART),
                        status(TaskPhase.Failed, Severity.HIGH, "2026-12-02T10:00:00Z", 1)
                                .attempts(List.of(early, late)).build()),
                task("other", "b", spec("fp-b", "shop/api", IssueType.CRASH, FixType.RESTART),
                        status(TaskPhase.Verifying, Severity.HIGH, "2026-12-02T10:00:00Z", 1)
                                .attempts(List.of(middle)).build())), NOW);

        assertThat(report.attempts()).extracting(a -> a.task() + "#" + a.attempt().number() + "@"
                + a.attempt().startedAt())
                .containsExactly("a#1@2026-12-02T09:00:00Z", "b#1@2026-12-02T09:30:00Z", "a#2@2026-12-02T10:00:00Z");
        assertThat(report.attempts().get(1).namespace()).isEqualTo("other");
        assertThat(report.attempts().get(0).attempt().argv()).containsExactly("redis-cli", "BGSAVE");
    }

    @Test
    void historyIsInTimeOrderAcrossTasksKeepsEachTasksOrderOnEqualTimesAndPutsUnreadableTimesLast() {
        TaskReport report = TaskReport.of(List.of(
                task("shop", "a", spec("fp-a", "shop/db", IssueType.CRASH, FixType.AGENT),
                        status(TaskPhase.Claimed, Severity.HIGH, "2026-12-02T10:00:00Z", 1).history(List.of(
                                history("2026-12-02T08:00:00Z", "IssueDetected"),
                                history("2026-12-02T10:00:00Z", "Claimed"),
                                history("2026-12-02T10:00:00Z", "NoteAdded"),
                                history("yesterday", "Odd"))).build()),
                task("shop", "b", spec("fp-b", "shop/api", IssueType.CRASH, FixType.AGENT),
                        status(TaskPhase.Open, Severity.HIGH, "2026-12-02T10:00:00Z", 1).history(List.of(
                                history("2026-12-02T09:00:00Z", "IssueDetected"))).build())), NOW);

        assertThat(report.progress()).extracting(p -> p.task() + ":" + p.entry().reason() + "@" + p.entry().time())
                .containsExactly("a:IssueDetected@2026-12-02T08:00:00Z", "b:IssueDetected@2026-12-02T09:00:00Z",
                        "a:Claimed@2026-12-02T10:00:00Z", "a:NoteAdded@2026-12-02T10:00:00Z", "a:Odd@yesterday");
    }

    @Test
    void everyFixWithALearningIsListedOldestFirstAndFixesWithoutOneAreNot() {
        Resolution first = new Resolution("agent-1", "2026-12-01T10:00:00Z", "raised the pool", List.of("a.yaml"),
                "the pool was too small");
        Resolution silent = new Resolution("agent-2", "2026-12-01T11:00:00Z", "restarted", List.of(), null);
        Resolution current = new Resolution("agent-3", "2026-12-02T10:00:00Z", "fixed the query",
                List.of("https://example.test/pr/1"), "an index was missing");
        TaskReport report = TaskReport.of(List.of(task("shop", "a", spec("fp-a", "shop/db", IssueType.DATABASE,
                FixType.AGENT), status(TaskPhase.Verifying, Severity.HIGH, "2026-12-02T09:00:00Z", 3)
                .previousFixes(List.of(first, silent)).resolution(current).build())), NOW);

        assertThat(report.learnings()).extracting(TaskReport.LearningEntry::kind, l -> l.fix().learning())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("previous_fix", "the pool was too small"),
                        org.assertj.core.groups.Tuple.tuple("resolution", "an index was missing"));
        TaskReport.LearningEntry l = report.learnings().get(1);
        assertThat(l.fingerprint()).isEqualTo("fp-a");
        assertThat(l.container()).isEqualTo("shop/db");
        assertThat(l.issueType()).isEqualTo("database");
        assertThat(l.phase()).isEqualTo("Verifying");
        assertThat(l.fix().changes()).containsExactly("https://example.test/pr/1");
    }

    @Test
    void tasksOfALocalStateDirectoryHaveNoNamespaceAndStillSortByPriority() {
        TaskReport report = TaskReport.of(List.of(
                task(null, "a", spec("fp-a", "shop/db", IssueType.DATABASE, FixType.AGENT),
                        status(TaskPhase.Open, Severity.HIGH, "2026-12-02T09:00:00Z", 1).build()),
                task(null, "b", spec("fp-b", "shop/db", IssueType.DATABASE, FixType.AGENT),
                        status(TaskPhase.Open, Severity.HIGH, "2026-12-02T09:00:00Z", 1).build())), NOW);

        assertThat(report.issues()).extracting(TaskReport.IssueEntry::task).containsExactly("a", "b");
        assertThat(report.issues()).extracting(TaskReport.IssueEntry::namespace).containsOnlyNulls();
    }

    @Test
    void noTasksMakeAnEmptyReport() {
        TaskReport report = TaskReport.of(List.of(), NOW);

        assertThat(report.issues()).isEmpty();
        assertThat(report.attempts()).isEmpty();
        assertThat(report.progress()).isEmpty();
        assertThat(report.learnings()).isEmpty();
        assertThat(report.generatedAt()).isEqualTo(NOW);
    }

    private static FixAttempt attempt(int number, String startedAt) {
        return new FixAttempt(number, "exec", "runbook:bgsave", "shop-db-1", "c0ffee", List.of("redis-cli", "BGSAVE"),
                "redis", false, startedAt, startedAt, FixResult.Succeeded, 0, "OK", "exit code 0");
    }

    private static HistoryEntry history(String time, String reason) {
        return new HistoryEntry(time, TaskPhase.Open, reason, "message " + reason, "dockmedic-operator");
    }
}
