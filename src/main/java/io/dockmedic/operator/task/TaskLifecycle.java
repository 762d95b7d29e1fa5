package io.dockmedic.operator.task;

import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.operator.api.Claim;
import io.dockmedic.operator.api.Condition;
import io.dockmedic.operator.api.ConditionStatus;
import io.dockmedic.operator.api.HistoryEntry;
import io.dockmedic.operator.api.RemediationTaskStatus;
import io.dockmedic.operator.api.TaskPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides the operator's part of one task's status: counts what a scan found, and moves the phase
 * along the state machine of SPEC/operator.md. Pure: no I/O, time comes in as {@code now}.
 */
public final class TaskLifecycle {

    /** The name the operator writes as actor in history and as field manager. */
    public static final String ACTOR = "dockmedic-operator";
    public static final String ACTIVE = "Active";
    static final int HISTORY_LIMIT = 100;
    static final int SAMPLE_LIMIT = 4000;

    private final Duration resolveAfter;

    public TaskLifecycle(Duration resolveAfter) {
        this.resolveAfter = resolveAfter;
    }

    /**
     * The next status of a task.
     *
     * @param current the task's status as last read (null for a task not yet counted)
     * @param found what this scan found for the task's fingerprint, or null
     * @param counted whether {@code found} is already included in {@code current} (a repeated scan)
     * @param holding whether the issue is a container state that still holds (still exited, still
     *     unhealthy): not counted again, but it keeps the issue from looking quiet
     * @param scan the scan being applied
     * @param generation the task's metadata.generation
     * @param now the time of the decision
     */
    public TaskDecision decide(RemediationTaskStatus current, Issue found, boolean counted, boolean holding,
            ScanMark scan, long generation, Instant now) {
        Draft draft = new Draft(current, now);
        boolean fresh = found != null && !counted;
        if (fresh) {
            draft.count(found, scan);
        }
        if (draft.phase != null) {
            draft.movePhase(fresh ? found : null, holding, resolveAfter);
            draft.updateActive(holding && !fresh, resolveAfter);
        }
        return draft.decision(generation);
    }

    /** The working copy of one status while a decision is made. */
    private static final class Draft {
        private final RemediationTaskStatus before;
        private final Instant now;
        private final List<Notice> notices = new ArrayList<>();
        private TaskPhase phase;
        private String phaseSince;
        private Severity severity;
        private long occurrences;
        private String firstSeen;
        private String lastSeen;
        private String containerName;
        private String containerId;
        private String image;
        private String firstSample;
        private String lastSample;
        private ScanMark applied;
        private List<Condition> conditions;
        private final List<HistoryEntry> history;

        Draft(RemediationTaskStatus before, Instant now) {
            this.before = before;
            this.now = now;
            RemediationTaskStatus s = before == null ? empty() : before;
            phase = s.phase();
            phaseSince = s.phaseSince();
            severity = s.severity();
            occurrences = s.occurrences() == null ? 0 : s.occurrences();
            firstSeen = s.firstSeen();
            lastSeen = s.lastSeen();
            containerName = s.containerName();
            containerId = s.containerId();
            image = s.image();
            firstSample = s.firstSample();
            lastSample = s.lastSample();
            applied = s.appliedScan() == null ? null
                    : new ScanMark(s.appliedScan().sequence(), Instant.parse(s.appliedScan().windowEnd()));
            conditions = s.conditions() == null ? List.of() : s.conditions();
            history = new ArrayList<>(s.history() == null ? List.of() : s.history());
        }

        void count(Issue found, ScanMark scan) {
            occurrences += found.occurrences();
            if (firstSeen == null || found.firstSeen().isBefore(Instant.parse(firstSeen))) {
                firstSeen = found.firstSeen().toString();
            }
            if (lastSeen == null || found.lastSeen().isAfter(Instant.parse(lastSeen))) {
                lastSeen = found.lastSeen().toString();
                lastSample = cap(found.lastSample());
                containerName = found.containerName();
                containerId = found.containerId();
                image = found.image();
            }
            if (firstSample == null) {
                firstSample = cap(found.firstSample());
            }
            applied = scan;
            if (phase == null) {
                enter(TaskPhase.Open, Notice.Kind.DETECTED, describe(found));
                severity = found.severity();
            } else if (found.severity().compareTo(severity) < 0) {
                Severity was = severity;
                severity = found.severity();
                record(Notice.Kind.SEVERITY_RAISED, "Severity raised from " + was + " to " + severity + ".");
            }
        }

        void movePhase(Issue counted, boolean holding, Duration resolveAfter) {
            switch (phase) {
                case Fixed -> {
                    Instant fixedAt = phaseSince == null ? now : Instant.parse(phaseSince);
                    if (recursAfter(counted, fixedAt)) {
                        regress(counted);
                    } else {
                        phase = TaskPhase.Verifying;
                        phaseSince = fixedAt.toString();
                        record(Notice.Kind.VERIFYING, "Fixed; resolved if it does not happen again within "
                                + resolveAfterText(resolveAfter) + ".");
                    }
                }
                case Verifying -> {
                    if (recursAfter(counted, Instant.parse(phaseSince))) {
                        regress(counted);
                    } else if (!holding && !now.isBefore(Instant.parse(phaseSince).plus(resolveAfter))) {
                        enter(TaskPhase.Resolved, Notice.Kind.RESOLVED, "No occurrence for "
                                + resolveAfterText(resolveAfter) + " after the fix.");
                    }
                }
                case Resolved -> {
                    if (recursAfter(counted, Instant.parse(phaseSince))) {
                        regress(counted);
                    }
                }
                case Open, Regressed -> {
                    if (!holding && lastSeen != null && !now.isBefore(Instant.parse(lastSeen).plus(resolveAfter))) {
                        enter(TaskPhase.Resolved, Notice.Kind.RESOLVED, "No occurrence for "
                                + resolveAfterText(resolveAfter) + ".");
                    }
                }
                case Claimed -> {
                    Claim claim = before == null ? null : before.claim();
                    if (claim != null && claim.expiresAt() != null && now.isAfter(Instant.parse(claim.expiresAt()))) {
                        enter(TaskPhase.Open, Notice.Kind.CLAIM_EXPIRED,
                                "The claim of " + claim.agent() + " expired at " + claim.expiresAt() + ".");
                    }
                }
                default -> {
                    // Remediating, Failed and Ignored are left to their owners; occurrences still count.
                }
            }
        }

        void updateActive(boolean holding, Duration resolveAfter) {
            boolean quiet = lastSeen != null && !now.isBefore(Instant.parse(lastSeen).plus(resolveAfter));
            Condition active;
            if (holding) {
                active = new Condition(ACTIVE, ConditionStatus.TRUE, "StillHolding",
                        "The container is still in this state.", now.toString(), null);
            } else if (quiet) {
                active = new Condition(ACTIVE, ConditionStatus.FALSE, "QuietPeriodPassed",
                        "No occurrence for " + resolveAfterText(resolveAfter) + ".", now.toString(), null);
            } else {
                active = new Condition(ACTIVE, ConditionStatus.TRUE, "Occurring",
                        "Last seen at " + lastSeen + ".", now.toString(), null);
            }
            conditions = Condition.upsert(conditions, active);
        }

        TaskDecision decision(long generation) {
            RemediationTaskStatus next = new RemediationTaskStatus(generation, phase, phaseSince, severity,
                    before == null ? null : before.priority(), occurrences, firstSeen, lastSeen, containerName,
                    containerId, image, firstSample, lastSample, applied == null ? null : applied.applied(),
                    conditions, List.copyOf(history), null);
            return new TaskDecision(before, next, List.copyOf(notices));
        }

        private boolean recursAfter(Issue counted, Instant since) {
            return counted != null && counted.lastSeen().isAfter(since);
        }

        private void regress(Issue counted) {
            enter(TaskPhase.Regressed, Notice.Kind.REGRESSED, "Happened again at " + counted.lastSeen()
                    + " after being " + phase + ".");
        }

        private void enter(TaskPhase next, Notice.Kind why, String message) {
            phase = next;
            phaseSince = now.toString();
            record(why, message);
        }

        private void record(Notice.Kind why, String message) {
            notices.add(new Notice(why, message));
            history.add(new HistoryEntry(now.toString(), phase, why.reason(), message, ACTOR));
            // Bounded so the resource stays small; the first entry (detection) is always kept.
            while (history.size() > HISTORY_LIMIT) {
                history.remove(1);
            }
        }

        private static String describe(Issue found) {
            return found.severity() + " " + found.category().id() + " issue in " + found.container() + ": "
                    + abbreviate(found.template(), 200);
        }

        private static RemediationTaskStatus empty() {
            return new RemediationTaskStatus(null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null);
        }
    }

    private static String resolveAfterText(Duration resolveAfter) {
        return io.dockmedic.operator.DurationText.format(resolveAfter);
    }

    static String cap(String text) {
        return abbreviate(text, SAMPLE_LIMIT);
    }

    static String abbreviate(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        return text.substring(0, limit - 1) + "…";
    }
}
