package io.dockmedic.core.task;

import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.rules.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
    static final int PREVIOUS_FIXES_LIMIT = 10;

    private final QuietPeriod quiet;

    public TaskLifecycle(Duration resolveAfter) {
        this(QuietPeriod.of(resolveAfter));
    }

    public TaskLifecycle(QuietPeriod quiet) {
        this.quiet = quiet;
    }

    /** The quiet period rule this lifecycle resolves by. */
    public QuietPeriod quietPeriod() {
        return quiet;
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
        if (draft.current().phase() != null) {
            Duration period = quiet.forGap(draft.current().longestGapSeconds());
            draft.status.quietPeriod(DurationText.format(period));
            draft.movePhase(fresh ? found : null, holding, period);
            draft.updateActive(holding && !fresh, period);
        }
        return draft.decision(generation);
    }

    /** The working copy of one status while a decision is made. */
    private static final class Draft {
        private final RemediationTaskStatus before;
        private final Instant now;
        private final RemediationTaskStatus.Builder status;
        private final List<Notice> notices = new ArrayList<>();
        private final List<HistoryEntry> history;
        private final Set<String> cleared = new HashSet<>();

        Draft(RemediationTaskStatus before, Instant now) {
            this.before = before;
            this.now = now;
            RemediationTaskStatus s = before == null ? RemediationTaskStatus.empty() : before;
            this.status = TaskDecision.operatorFields(s).toBuilder();
            this.history = new ArrayList<>(s.history() == null ? List.of() : s.history());
        }

        private RemediationTaskStatus current() {
            return status.build();
        }

        void count(Issue found, ScanMark scan) {
            RemediationTaskStatus s = current();
            long occurrences = s.occurrences() == null ? 0 : s.occurrences();
            status.occurrences(occurrences + found.occurrences());
            status.longestGapSeconds(longestGap(s, found));
            if (s.firstSeen() == null || found.firstSeen().isBefore(Instant.parse(s.firstSeen()))) {
                status.firstSeen(found.firstSeen().toString());
            }
            if (s.lastSeen() == null || found.lastSeen().isAfter(Instant.parse(s.lastSeen()))) {
                status.lastSeen(found.lastSeen().toString())
                        .lastSample(cap(found.lastSample()))
                        .containerName(found.containerName())
                        .containerId(found.containerId())
                        .image(found.image());
            }
            if (s.firstSample() == null) {
                status.firstSample(cap(found.firstSample()));
            }
            status.appliedScan(scan.applied());
            if (s.phase() == null) {
                status.severity(found.severity());
                enter(TaskPhase.Open, Notice.Kind.DETECTED, describe(found));
            } else if (found.severity().compareTo(s.severity()) < 0) {
                Severity was = s.severity();
                status.severity(found.severity());
                record(Notice.Kind.SEVERITY_RAISED, "Severity raised from " + was + " to " + found.severity() + ".");
            }
        }

        /**
         * The longest gap between occurrences: the gap since the last one counted, and within this scan the
         * mean gap (the scan reports only first and last of its occurrences, so that is a lower bound).
         */
        private static Long longestGap(RemediationTaskStatus s, Issue found) {
            long longest = s.longestGapSeconds() == null ? 0 : s.longestGapSeconds();
            if (s.lastSeen() != null) {
                longest = Math.max(longest, Duration.between(Instant.parse(s.lastSeen()), found.firstSeen())
                        .getSeconds());
            }
            if (found.occurrences() > 1) {
                longest = Math.max(longest, Duration.between(found.firstSeen(), found.lastSeen()).getSeconds()
                        / (found.occurrences() - 1));
            }
            return longest > 0 ? longest : null;
        }

        void movePhase(Issue counted, boolean holding, Duration period) {
            RemediationTaskStatus s = current();
            switch (s.phase()) {
                case Fixed -> {
                    Instant fixedAt = s.phaseSince() == null ? now : Instant.parse(s.phaseSince());
                    if (recursAfter(counted, fixedAt)) {
                        regress(counted, s.phase());
                    } else {
                        status.phase(TaskPhase.Verifying).phaseSince(fixedAt.toString());
                        record(Notice.Kind.VERIFYING, "Fixed; resolved if it does not happen again within "
                                + DurationText.format(period) + ".");
                    }
                }
                case Verifying -> {
                    Instant fixedAt = Instant.parse(s.phaseSince());
                    if (recursAfter(counted, fixedAt)) {
                        regress(counted, s.phase());
                    } else if (!holding && !now.isBefore(fixedAt.plus(period))) {
                        enter(TaskPhase.Resolved, Notice.Kind.RESOLVED, "No occurrence for "
                                + DurationText.format(period) + " after the fix.");
                    }
                }
                case Resolved -> {
                    if (recursAfter(counted, Instant.parse(s.phaseSince()))) {
                        regress(counted, s.phase());
                    }
                }
                case Open, Regressed, Failed -> {
                    if (!holding && s.lastSeen() != null && !now.isBefore(Instant.parse(s.lastSeen()).plus(period))) {
                        enter(TaskPhase.Resolved, Notice.Kind.RESOLVED, "No occurrence for "
                                + DurationText.format(period) + ".");
                    }
                }
                case Claimed -> {
                    Claim claim = before == null ? null : before.claim();
                    if (claim != null && claim.expiresAt() != null && now.isAfter(Instant.parse(claim.expiresAt()))) {
                        cleared.add(TaskDecision.CLAIM);
                        enter(TaskPhase.Open, Notice.Kind.CLAIM_EXPIRED,
                                "The claim of " + claim.agent() + " expired at " + claim.expiresAt() + ".");
                    }
                }
                case Remediating -> interrupted(s);
                default -> {
                    // Ignored is left to people; occurrences still count.
                }
            }
        }

        /**
         * A task found Remediating when a reconcile starts: the operator stopped while a fix ran. The attempt
         * counts and is reported, and never repeated by itself (an exec may not be safe to run twice).
         */
        private void interrupted(RemediationTaskStatus s) {
            List<FixAttempt> attempts = new ArrayList<>(s.attempts() == null ? List.of() : s.attempts());
            FixAttempt last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
            String what = last == null ? "an automatic fix" : "attempt " + last.number() + " (" + last.action() + ")";
            if (last != null && last.result() == FixResult.Started) {
                attempts.set(attempts.size() - 1, last.finished(FixResult.Interrupted, now.toString(), null, null,
                        "dockmedic stopped while the attempt ran; it is not repeated."));
                status.attempts(List.copyOf(attempts));
            }
            enter(TaskPhase.Failed, Notice.Kind.FIX_INTERRUPTED, "dockmedic stopped while " + what
                    + " ran; not repeated: a person or an agent should check the container.");
        }

        void updateActive(boolean holding, Duration period) {
            RemediationTaskStatus s = current();
            boolean quiet = s.lastSeen() != null && !now.isBefore(Instant.parse(s.lastSeen()).plus(period));
            Condition active;
            if (holding) {
                active = new Condition(ACTIVE, ConditionStatus.TRUE, "StillHolding",
                        "The container is still in this state.", now.toString(), null);
            } else if (quiet) {
                active = new Condition(ACTIVE, ConditionStatus.FALSE, "QuietPeriodPassed",
                        "No occurrence for " + DurationText.format(period) + ".", now.toString(), null);
            } else {
                active = new Condition(ACTIVE, ConditionStatus.TRUE, "Occurring",
                        "Last seen at " + s.lastSeen() + ".", now.toString(), null);
            }
            status.conditions(Condition.upsert(s.conditions(), active));
        }

        TaskDecision decision(long generation) {
            RemediationTaskStatus next = status.observedGeneration(generation).history(List.copyOf(history)).build();
            return new TaskDecision(before, next, cleared, notices);
        }

        private boolean recursAfter(Issue counted, Instant since) {
            return counted != null && counted.lastSeen().isAfter(since);
        }

        /** The fix did not hold: it is kept among the previous fixes and its learning shown with the regression. */
        private void regress(Issue counted, TaskPhase was) {
            Resolution fix = before == null ? null : before.resolution();
            StringBuilder message = new StringBuilder("Happened again at " + counted.lastSeen() + " after being "
                    + was + ".");
            if (fix != null) {
                List<Resolution> previous = new ArrayList<>(current().previousFixes() == null ? List.of()
                        : current().previousFixes());
                previous.add(fix);
                while (previous.size() > PREVIOUS_FIXES_LIMIT) {
                    previous.remove(0);
                }
                status.previousFixes(List.copyOf(previous));
                message.append(" Last fix by ").append(fix.by()).append(": ").append(abbreviate(fix.summary(), 200));
                if (fix.learning() != null && !fix.learning().isBlank()) {
                    message.append(" Learning: ").append(abbreviate(fix.learning(), 400));
                }
            }
            cleared.add(TaskDecision.CLAIM);
            cleared.add(TaskDecision.RESOLUTION);
            enter(TaskPhase.Regressed, Notice.Kind.REGRESSED, message.toString());
        }

        private void enter(TaskPhase next, Notice.Kind why, String message) {
            status.phase(next).phaseSince(now.toString());
            record(why, message);
        }

        private void record(Notice.Kind why, String message) {
            notices.add(new Notice(why, message));
            history.add(new HistoryEntry(now.toString(), current().phase(), why.reason(), message, ACTOR));
            // Bounded so the resource stays small; the first entry (detection) is always kept.
            while (history.size() > HISTORY_LIMIT) {
                history.remove(1);
            }
        }

        private static String describe(Issue found) {
            return found.severity() + " " + found.category().id() + " issue in " + found.container() + ": "
                    + abbreviate(found.template(), 200);
        }
    }

    static String cap(String text) {
        return abbreviate(text, SAMPLE_LIMIT);
    }

    /** {@code text} cut to at most {@code limit} characters, ending in an ellipsis when cut. */
    public static String abbreviate(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        return text.substring(0, limit - 1) + "…";
    }
}
