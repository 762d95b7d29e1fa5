package io.dockmedic.core.task;

import io.dockmedic.core.fix.Silence;
import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.task.AuditReference;
import io.dockmedic.core.task.FixType;
import io.dockmedic.core.task.IssueSourceType;
import io.dockmedic.core.task.IssueType;
import io.dockmedic.core.task.RemediationTaskSpec;
import io.dockmedic.core.task.RemediationTaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Plans the RemediationTasks of one audit after a scan: which to create, which to count, which
 * change phase, and every open task's priority. Pure: the result is written by {@link TaskWriter}.
 */
public final class TaskPlanner {

    public static final String LABEL_AUDIT = "dockmedic.io/audit";
    public static final String LABEL_SEVERITY = "dockmedic.io/severity";
    public static final String LABEL_PHASE = "dockmedic.io/phase";
    static final int TEMPLATE_LIMIT = 2000;

    /** Open tasks first in this order: worst severity, most recent, most frequent, then by name. */
    static final Comparator<TaskWork> PRIORITY = Comparator
            .comparing((TaskWork w) -> w.decision().next().reportedSeverity())
            .thenComparing((TaskWork w) -> Instant.parse(w.decision().next().lastSeen()), Comparator.reverseOrder())
            .thenComparing((TaskWork w) -> w.decision().next().occurrences(), Comparator.reverseOrder())
            .thenComparing(TaskWork::name);

    private final String audit;
    private final String auditUid;
    private final TaskLifecycle lifecycle;
    private final List<Silence> silences;
    private final TaskCaps caps;

    /**
     * @param audit the LogAudit's name
     * @param auditUid its uid: only tasks it owns can have been counted by one of its scans
     * @param lifecycle the phase rules
     */
    public TaskPlanner(String audit, String auditUid, TaskLifecycle lifecycle) {
        this(audit, auditUid, lifecycle, List.of());
    }

    /**
     * @param silences the audit's silences; the first that matches a task and has not expired applies to it
     */
    public TaskPlanner(String audit, String auditUid, TaskLifecycle lifecycle, List<Silence> silences) {
        this(audit, auditUid, lifecycle, silences, TaskCaps.DEFAULT);
    }

    /**
     * @param caps how many tasks the audit may have; issues beyond fold into overflow tasks
     */
    public TaskPlanner(String audit, String auditUid, TaskLifecycle lifecycle, List<Silence> silences,
            TaskCaps caps) {
        this.audit = audit;
        this.auditUid = auditUid;
        this.lifecycle = lifecycle;
        this.silences = List.copyOf(silences);
        this.caps = caps;
    }

    /**
     * The work for every task of the audit.
     *
     * @param tasks the audit's tasks as last read
     * @param found the issues the scan found (occurrences counted in this scan only)
     * @param ongoing fingerprints of state issues counted before that still hold
     * @param scan the scan
     * @param now the time of the decision
     */
    public List<TaskWork> plan(List<StoredTask> tasks, List<Issue> found, Set<String> ongoing, ScanMark scan,
            Instant now) {
        Map<String, StoredTask> byFingerprint = new HashMap<>();
        Map<String, String> fingerprintByName = new HashMap<>();
        for (StoredTask task : tasks) {
            if (task.spec() == null || task.spec().fingerprint() == null) {
                continue; // not one the operator made; nothing to count into
            }
            byFingerprint.put(task.spec().fingerprint(), task);
            fingerprintByName.put(task.name(), task.spec().fingerprint());
        }
        Map<String, Integer> perContainer = new HashMap<>();
        for (StoredTask task : byFingerprint.values()) {
            if (!TaskCaps.isOverflow(task.spec().fingerprint())) {
                perContainer.merge(task.spec().container(), 1, Integer::sum);
            }
        }
        Map<String, List<String>> folded = new HashMap<>();
        List<Issue> capped = caps.apply(found, byFingerprint.size(), perContainer, byFingerprint::containsKey, folded);
        Map<String, TaskWork> work = new LinkedHashMap<>();
        for (Issue issue : capped) {
            StoredTask task = byFingerprint.remove(issue.fingerprint());
            if (task == null) {
                String name = TaskNames.of(audit, issue.fingerprint(),
                        taken -> fingerprintByName.containsKey(taken)
                                && !fingerprintByName.get(taken).equals(issue.fingerprint()));
                fingerprintByName.put(name, issue.fingerprint());
                RemediationTaskSpec spec = specOf(issue);
                TaskDecision decision = folded(silenced(lifecycle.decide(null, issue, false, false, scan, 1, now),
                        spec, now), folded.get(issue.fingerprint()));
                work.put(name, new TaskWork(name, null, spec, labels(decision.next()), decision, issue, false));
            } else {
                TaskWork w = decide(task, issue, false, scan, now);
                work.put(task.name(), w.with(folded(w.decision(), folded.get(issue.fingerprint()))));
            }
        }
        for (StoredTask task : byFingerprint.values()) {
            if (task.phase() != null) {
                boolean holding = ongoing.contains(task.spec().fingerprint());
                work.put(task.name(), decide(task, null, holding, scan, now));
            }
        }
        return ranked(new ArrayList<>(work.values()));
    }

    /** Re-decides one task after a write conflict, from its fresh copy, keeping its planned priority. */
    public TaskWork replan(TaskWork planned, StoredTask fresh, ScanMark scan, Instant now) {
        TaskWork again = decide(fresh, planned.found(), planned.holding(), scan, now);
        TaskDecision decision = again.decision().withPriority(planned.decision().next().priority());
        return new TaskWork(again.name(), fresh, null, labels(decision.next()), decision, planned.found(),
                planned.holding());
    }

    /** Whether this audit's scan {@code scan} (or a later one) is already counted in the task. */
    public boolean alreadyCounted(StoredTask task, ScanMark scan) {
        RemediationTaskStatus status = task.status();
        return status != null && status.appliedScan() != null && status.appliedScan().sequence() >= scan.sequence()
                && ownedByAudit(task);
    }

    /** Whether the task's owner reference names this audit (and not an earlier audit of the same name). */
    public boolean ownedByAudit(StoredTask task) {
        return Objects.equals(task.ownerUid(), auditUid);
    }

    /** The audit as the owner of its tasks. */
    public TaskStore.AuditOwner owner() {
        return new TaskStore.AuditOwner(audit, auditUid);
    }

    private TaskWork decide(StoredTask task, Issue issue, boolean holding, ScanMark scan, Instant now) {
        long generation = task.generation() == 0 ? 1 : task.generation();
        TaskDecision decision = silenced(lifecycle.decide(task.status(), issue,
                issue != null && alreadyCounted(task, scan), holding, scan, generation, now), task.spec(), now);
        return new TaskWork(task.name(), task, null, labels(decision.next()), decision, issue, holding);
    }

    /** The decision of an overflow task with the fingerprints folded into it by this scan. */
    private static TaskDecision folded(TaskDecision decision, List<String> added) {
        if (added == null || added.isEmpty()) {
            return decision;
        }
        List<String> union = TaskCaps.foldedUnion(decision.next().foldedIssues(), added);
        return new TaskDecision(decision.before(), decision.next().toBuilder().foldedIssues(union).build(),
                decision.cleared(), decision.notices());
    }

    /** The decision with the first active silence that matches the task, or with none. */
    private TaskDecision silenced(TaskDecision decision, RemediationTaskSpec spec, Instant now) {
        Severity seen = decision.next().severity();
        for (Silence silence : silences) {
            if (silence.activeAt(now) && silence.match().matches(spec, seen)) {
                return decision.withSilence(new SilenceState(silence.name(), silence.effect(), silence.reason(),
                        silence.until() == null ? null : silence.until().toString()));
            }
        }
        return decision.withSilence(null);
    }

    private List<TaskWork> ranked(List<TaskWork> work) {
        List<TaskWork> open = work.stream()
                .filter(w -> w.decision().next().needsAttention())
                .sorted(PRIORITY)
                .toList();
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < open.size(); i++) {
            rank.put(open.get(i).name(), i + 1);
        }
        return work.stream()
                .filter(w -> w.decision().next().phase() != null)
                .map(w -> new TaskWork(w.name(), w.existing(), w.spec(), w.labels(),
                        w.decision().withPriority(rank.getOrDefault(w.name(), 0)), w.found(), w.holding()))
                .toList();
    }

    /** The labels a task with {@code status} carries: its audit, severity and phase. */
    public Map<String, String> labels(RemediationTaskStatus status) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_AUDIT, TaskNames.auditLabel(audit));
        if (status.reportedSeverity() != null) {
            labels.put(LABEL_SEVERITY, status.reportedSeverity().name());
        }
        if (status.phase() != null) {
            labels.put(LABEL_PHASE, status.phase().name());
        }
        return labels;
    }

    private RemediationTaskSpec specOf(Issue issue) {
        return new RemediationTaskSpec(new AuditReference(audit), issue.fingerprint(), issue.container(),
                IssueSourceType.of(issue.source()), IssueType.of(issue.category()), issue.severity(),
                TaskLifecycle.abbreviate(issue.template(), TEMPLATE_LIMIT), issue.ruleId(), issue.suggestedAction(),
                FixType.of(issue.fix()));
    }
}
