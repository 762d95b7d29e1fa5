package io.dockmedic.report;

import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.task.FixAttempt;
import io.dockmedic.core.task.FixResult;
import io.dockmedic.core.task.TaskReport;
import java.util.List;
import java.util.stream.Stream;

/**
 * The JSON documents {@code dockmedic report} writes, built from a {@link TaskReport}. Field names are
 * written in snake_case, in the order declared here; see SPEC/report-format.md.
 */
public final class TaskDocuments {

    private TaskDocuments() {
    }

    /** {@code docker_audit_report.json} from tasks: the scan's fields, then namespace, task and phase. */
    public record AuditDocument(String auditTimestamp, AuditSummary summary, List<AuditEntry> issues) {
    }

    /** Totals over the listed tasks; the tasks do not know what a scan read, so those two are null. */
    public record AuditSummary(long totalIssues, long criticalCount, long highCount, long mediumCount, long lowCount,
            Integer containersAnalyzed, int containersWithIssues, Long linesScanned, long openCount) {
    }

    /** One task as an issue. */
    public record AuditEntry(String id, String fingerprint, String container, String containerId, String image,
            String service, String severity, String issueType, String source, String template, String logExcerpt,
            long occurrences, String firstSeen, String lastSeen, String suggestedAction, String fix, int priority,
            String namespace, String task, String phase) {
    }

    /** {@code remediation_plan.json} from tasks: the tasks needing attention, split by who can fix them. */
    public record PlanDocument(String auditTimestamp, RemediationPlan.Summary summary, List<PlanStep> automatic,
            List<PlanStep> agent) {
    }

    /** One step of the plan: the scan's hand-off fields, then namespace, task and phase. */
    public record PlanStep(int priority, String id, String fingerprint, String severity, String issueType,
            String container, String fix, String suggestedAction, String logExcerpt, String namespace, String task,
            String phase) {
    }

    /** {@code remediation_log.json}: every automatic fix attempt, oldest first. */
    public record LogDocument(String auditTimestamp, LogSummary summary, List<LogEntry> attempts) {
    }

    /** How the attempts ended. */
    public record LogSummary(int totalAttempts, long succeededCount, long failedCount, long dryRunCount,
            long interruptedCount, long startedCount) {
    }

    /** One attempt. */
    public record LogEntry(String namespace, String task, String id, String fingerprint, int number,
            String container, String containerId, String action, String policy, List<String> argv, String user,
            Boolean dryRun, String startedAt, String finishedAt, String result, Integer exitCode, String output,
            String message) {
    }

    /** {@code learnings/docker_remediation.json}: every fix that left a learning, oldest first. */
    public record LearningsDocument(String auditTimestamp, LearningsSummary summary, List<LearningEntry> learnings) {
    }

    /** How many learnings. */
    public record LearningsSummary(int totalLearnings) {
    }

    /** One fix and what was learnt. */
    public record LearningEntry(String namespace, String task, String id, String fingerprint, String container,
            String issueType, String kind, String phase, String by, String at, String summary, List<String> changes,
            String learning) {
    }

    static IssueIds ids(TaskReport report) {
        return new IssueIds(Stream.concat(report.issues().stream().map(TaskReport.IssueEntry::fingerprint),
                report.learnings().stream().map(TaskReport.LearningEntry::fingerprint)).toList());
    }

    static AuditDocument audit(TaskReport report, IssueIds ids) {
        List<TaskReport.IssueEntry> issues = report.issues();
        List<AuditEntry> entries = issues.stream().map(e -> new AuditEntry(ids.idOf(e.fingerprint()),
                e.fingerprint(), e.container(), e.containerId(), e.image(), e.service(), name(e.severity()),
                e.issueType(), e.source(), e.template(), e.logExcerpt(), e.occurrences(), e.firstSeen(), e.lastSeen(),
                e.suggestedAction(), e.fix(), e.priority(), e.namespace(), e.task(), e.phase())).toList();
        int containers = (int) issues.stream().map(e -> e.namespace() + "\n" + e.container()).distinct().count();
        AuditSummary summary = new AuditSummary(issues.size(), count(issues, Severity.CRITICAL),
                count(issues, Severity.HIGH), count(issues, Severity.MEDIUM), count(issues, Severity.LOW), null,
                containers, null, report.needingAttention().size());
        return new AuditDocument(report.generatedAt().toString(), summary, entries);
    }

    static PlanDocument plan(TaskReport report, IssueIds ids) {
        List<PlanStep> automatic = new java.util.ArrayList<>();
        List<PlanStep> agent = new java.util.ArrayList<>();
        for (TaskReport.IssueEntry e : report.needingAttention()) {
            PlanStep step = new PlanStep(e.priority(), ids.idOf(e.fingerprint()), e.fingerprint(), name(e.severity()),
                    e.issueType(), e.container(), e.fix(), e.suggestedAction(), e.logExcerpt(), e.namespace(),
                    e.task(), e.phase());
            (e.automatic() ? automatic : agent).add(step);
        }
        return new PlanDocument(report.generatedAt().toString(),
                new RemediationPlan.Summary(automatic.size() + agent.size(), automatic.size(), agent.size()),
                List.copyOf(automatic), List.copyOf(agent));
    }

    static LogDocument log(TaskReport report, IssueIds ids) {
        List<LogEntry> entries = report.attempts().stream().map(e -> {
            FixAttempt a = e.attempt();
            return new LogEntry(e.namespace(), e.task(), ids.idOf(e.fingerprint()), e.fingerprint(), a.number(),
                    a.container(), a.containerId(), a.action(), a.policy(), a.argv(), a.user(), a.dryRun(),
                    a.startedAt(), a.finishedAt(), a.result() == null ? null : a.result().name(), a.exitCode(),
                    a.output(), a.message());
        }).toList();
        List<TaskReport.AttemptEntry> attempts = report.attempts();
        return new LogDocument(report.generatedAt().toString(), new LogSummary(entries.size(),
                results(attempts, FixResult.Succeeded), results(attempts, FixResult.Failed),
                results(attempts, FixResult.DryRun), results(attempts, FixResult.Interrupted),
                results(attempts, FixResult.Started)), entries);
    }

    static LearningsDocument learnings(TaskReport report, IssueIds ids) {
        List<LearningEntry> entries = report.learnings().stream().map(e -> new LearningEntry(e.namespace(), e.task(),
                ids.idOf(e.fingerprint()), e.fingerprint(), e.container(), e.issueType(), e.kind(), e.phase(),
                e.fix().by(), e.fix().at(), e.fix().summary(), e.fix().changes(), e.fix().learning())).toList();
        return new LearningsDocument(report.generatedAt().toString(), new LearningsSummary(entries.size()), entries);
    }

    private static long count(List<TaskReport.IssueEntry> issues, Severity severity) {
        return issues.stream().filter(e -> e.severity() == severity).count();
    }

    private static long results(List<TaskReport.AttemptEntry> attempts, FixResult result) {
        return attempts.stream().filter(e -> e.attempt().result() == result).count();
    }

    private static String name(Severity severity) {
        return severity == null ? null : severity.name();
    }
}
