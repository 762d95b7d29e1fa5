package io.dockmedic.audit;

import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.scan.Truncation;
import io.dockmedic.core.task.Condition;
import io.dockmedic.core.task.ConditionStatus;
import io.dockmedic.operator.api.IssueCounts;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditStatus;
import io.dockmedic.operator.api.ScanDropped;
import io.dockmedic.core.task.RemediationTaskSpec;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.operator.api.TopIssue;
import io.dockmedic.core.task.TaskWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a LogAudit's next status in domain words: a scan succeeded or failed, these are the tasks.
 * Conditions keep their lastTransitionTime unless their status flips; what a failed scan could not
 * observe (counts, cursors) is carried over from the previous status.
 */
public final class AuditStatusBuilder {

    public static final String READY = "Ready";
    public static final String DOCKER_REACHABLE = "DockerReachable";
    public static final String DEGRADED = "Degraded";
    /** Whether this process read the audit's saved template store (set once per process, when it is read). */
    public static final String TEMPLATE_STORE = "TemplateStoreLoaded";
    static final int TOP_ISSUES = 10;
    private static final int SUMMARY_LENGTH = 120;

    private final LogAuditStatus previous;
    private final long generation;
    private final Instant now;
    private List<Condition> conditions;
    private ScanSummary scan;
    private long totalLines;
    private IssueCounts openIssues;
    private List<TopIssue> topIssues;
    private ScanWatch.Timed<?> scanTime;

    private AuditStatusBuilder(LogAuditStatus previous, long generation, Instant now) {
        this.previous = previous == null ? new LogAuditStatus(null, null, null, null, null, null, null, null, null,
                null, null, null, null) : previous;
        this.generation = generation;
        this.now = now;
        this.conditions = this.previous.conditions() == null ? List.of() : this.previous.conditions();
        this.totalLines = this.previous.totalLinesScanned() == null ? 0 : this.previous.totalLinesScanned();
        this.openIssues = this.previous.openIssues();
        this.topIssues = this.previous.topIssues();
    }

    /** Starts from the audit's current status. */
    public static AuditStatusBuilder from(LogAudit audit, Instant now) {
        Long generation = audit.getMetadata().getGeneration();
        return new AuditStatusBuilder(audit.getStatus(), generation == null ? 0 : generation, now);
    }

    /** The scan completed; {@code engine} is the Docker host that answered. */
    public AuditStatusBuilder scanned(String engine, ScanSummary summary) {
        this.scan = summary;
        this.totalLines += summary.linesScanned();
        set(DOCKER_REACHABLE, true, "EngineAnswered", engine + " answered.");
        degradation(summary);
        set(READY, true, "ScanSucceeded", "Scanned " + summary.containersScanned() + " containers.");
        return this;
    }

    /** How long the scan took against its budget; a scan past it makes the audit Degraded (reason ScanSlow). */
    public AuditStatusBuilder scanTime(ScanWatch.Timed<?> timed) {
        this.scanTime = timed;
        return this;
    }

    /**
     * Degraded holds every way the completed scan fell short, the first one's reason and all their messages:
     * unreadable containers, then a memory cap reached, then the time budget passed.
     */
    private void degradation(ScanSummary summary) {
        List<Shortfall> problems = new ArrayList<>();
        if (!summary.unreadable().isEmpty()) {
            problems.add(new Shortfall("ContainersUnreadable", summary.unreadable().size() + " of "
                    + summary.containersScanned() + " containers could not be read: "
                    + String.join("; ", summary.unreadable()) + "."));
        }
        Truncation cut = summary.truncation();
        if (cut != null) {
            problems.add(new Shortfall("ScanTruncated", "A memory cap left " + cut.newIssuesDropped()
                    + " new issues (" + cut.occurrencesDropped() + " occurrences) out of this scan, which kept "
                    + cut.issuesKept() + " issues: " + cut.reason() + "."));
        }
        if (scanTime != null && scanTime.overBudget()) {
            problems.add(new Shortfall("ScanSlow", "The scan took " + scanTime.took().toSeconds()
                    + "s, more than its budget of " + scanTime.budget().toSeconds() + "s."));
        }
        if (problems.isEmpty()) {
            set(DEGRADED, false, "AllContainersRead", "Every selected container was read.");
        } else {
            set(DEGRADED, true, problems.get(0).reason(), String.join(" ",
                    problems.stream().map(Shortfall::message).toList()));
        }
    }

    /**
     * The spec cannot be acted on, for {@code reason} (e.g. {@code DockerHostNotAllowed}); {@code message} says
     * which field and why.
     */
    public AuditStatusBuilder invalidSpec(String reason, String message) {
        set(READY, false, reason, message);
        set(DEGRADED, true, reason, message);
        conditions = Condition.upsert(conditions, new Condition(DOCKER_REACHABLE, ConditionStatus.UNKNOWN,
                "NotChecked", "The spec cannot be acted on; the engine was not contacted.", now.toString(), generation));
        return this;
    }

    /** The audit's template store was read: restored, absent, or rejected and replaced. */
    public AuditStatusBuilder templateStore(TemplateArchive.Restored restored) {
        if (restored.rejection() != null) {
            set(TEMPLATE_STORE, false, restored.rejection().reason(), restored.rejection().message());
        } else if (restored.restoredTemplates() > 0) {
            set(TEMPLATE_STORE, true, "Restored", "Restored " + restored.restoredTemplates()
                    + " templates from the audit's own store.");
        } else {
            set(TEMPLATE_STORE, true, "NoneSaved", "No templates were saved yet; a new store was started.");
        }
        return this;
    }

    /** The Docker engine could not be reached. */
    public AuditStatusBuilder dockerUnreachable(String message) {
        set(DOCKER_REACHABLE, false, "EngineUnreachable", message);
        set(DEGRADED, true, "EngineUnreachable", message);
        set(READY, false, "EngineUnreachable", message);
        return this;
    }

    /** The scan failed for another reason. */
    public AuditStatusBuilder scanFailed(String message) {
        set(DEGRADED, true, "ScanFailed", message);
        set(READY, false, "ScanFailed", message);
        return this;
    }

    /** The audit's tasks after this reconcile's writes. */
    public AuditStatusBuilder tasks(List<TaskWork> tasks) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        int total = 0;
        for (TaskWork task : tasks) {
            RemediationTaskStatus status = task.resultingStatus();
            if (status.needsAttention()) {
                counts.merge(status.reportedSeverity(), 1, Integer::sum);
                total++;
            }
        }
        openIssues = new IssueCounts(counts.getOrDefault(Severity.CRITICAL, 0), counts.getOrDefault(Severity.HIGH, 0),
                counts.getOrDefault(Severity.MEDIUM, 0), counts.getOrDefault(Severity.LOW, 0), total);
        topIssues = tasks.stream()
                .filter(t -> t.resultingStatus().needsAttention())
                .sorted(Comparator.comparing(t -> t.resultingStatus().priority()))
                .limit(TOP_ISSUES)
                .map(AuditStatusBuilder::topIssue)
                .toList();
        return this;
    }

    public LogAuditStatus build() {
        if (scan == null) {
            return new LogAuditStatus(generation, conditions, previous.lastScanTime(), previous.scanSequence(),
                    previous.containersScanned(), previous.containersWithIssues(), previous.linesScanned(),
                    previous.totalLinesScanned(), openIssues, topIssues, previous.cursors(), previous.truncated(),
                    previous.dropped());
        }
        Truncation cut = scan.truncation();
        return new LogAuditStatus(generation, conditions, scan.mark().windowEnd().toString(), scan.mark().sequence(),
                scan.containersScanned(), scan.containersWithIssues(), scan.linesScanned(), totalLines, openIssues,
                topIssues, scan.cursors(), cut == null ? null : Boolean.TRUE, cut == null ? null
                        : new ScanDropped(cut.reason(), cut.issuesKept(), cut.newIssuesDropped(), cut.occurrencesDropped()));
    }

    private record Shortfall(String reason, String message) {
    }

    private void set(String type, boolean value, String reason, String message) {
        conditions = Condition.upsert(conditions, new Condition(type, ConditionStatus.of(value), reason, message,
                now.toString(), generation));
    }

    private static TopIssue topIssue(TaskWork task) {
        RemediationTaskSpec spec = task.taskSpec();
        RemediationTaskStatus status = task.resultingStatus();
        String template = spec.template() == null ? "" : spec.template();
        String summary = template.length() <= SUMMARY_LENGTH ? template : template.substring(0, SUMMARY_LENGTH - 1) + "…";
        return new TopIssue(task.name(), status.reportedSeverity(), spec.issueType(), spec.container(), status.occurrences(),
                status.lastSeen(), status.phase(), summary);
    }
}
