package io.dockmedic.core.task;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The operator's decision about one task's status.
 *
 * @param before the status it was decided from (null for a task never counted)
 * @param next the operator-owned fields after the decision (claim and resolution are always null: others own them)
 * @param cleared agent-owned fields the operator removes (the claim, once its lease expired or the issue came back)
 * @param notices what to report as Events once the status is written
 */
public record TaskDecision(RemediationTaskStatus before, RemediationTaskStatus next, Set<String> cleared,
        List<Notice> notices) {

    /** The status field holding an agent's claim. */
    public static final String CLAIM = "claim";
    /** The status field holding the fix being verified. */
    public static final String RESOLUTION = "resolution";
    /** The status field holding the silence that applies. */
    public static final String SILENCE = "silence";

    public TaskDecision {
        cleared = Set.copyOf(cleared);
        notices = List.copyOf(notices);
    }

    /** The same decision with the silence that applies now (null: none, and an earlier one is removed). */
    public TaskDecision withSilence(SilenceState silence) {
        Set<String> clears = new java.util.HashSet<>(cleared);
        if (silence == null) {
            clears.add(SILENCE);
        } else {
            clears.remove(SILENCE);
        }
        return new TaskDecision(before, next.toBuilder().silence(silence).build(), clears, notices);
    }

    /** The same decision with the task's rank among open tasks. */
    public TaskDecision withPriority(int priority) {
        return new TaskDecision(before, next.toBuilder().priority(priority).build(), cleared, notices);
    }

    /** Whether anything the operator owns changes, i.e. whether a write is needed. */
    public boolean changesStatus() {
        if (before == null) {
            return true;
        }
        return !clearedFields().isEmpty() || !operatorFields(before).equals(next);
    }

    /**
     * The status fields to send as a merge patch: every operator-owned field, and the phase only when the
     * operator changed it, so that a phase an agent set is never written back.
     */
    public RemediationTaskStatus patch() {
        boolean phaseChanged = before == null || !Objects.equals(before.phase(), next.phase())
                || !Objects.equals(before.phaseSince(), next.phaseSince());
        return phaseChanged ? next : next.toBuilder().phase(null).phaseSince(null).build();
    }

    /** The fields to remove with the patch: only those present in the status decided from. */
    public Set<String> clearedFields() {
        if (before == null) {
            return Set.of();
        }
        Set<String> present = new java.util.HashSet<>();
        if (cleared.contains(CLAIM) && before.claim() != null) {
            present.add(CLAIM);
        }
        if (cleared.contains(RESOLUTION) && before.resolution() != null) {
            present.add(RESOLUTION);
        }
        if (cleared.contains(SILENCE) && before.silence() != null) {
            present.add(SILENCE);
        }
        return Set.copyOf(present);
    }

    /** The task's status as everyone sees it after the write: the operator's fields and the others' as kept. */
    public RemediationTaskStatus resulting() {
        RemediationTaskStatus.Builder result = next.toBuilder();
        if (before != null) {
            result.claim(cleared.contains(CLAIM) ? null : before.claim())
                    .resolution(cleared.contains(RESOLUTION) ? null : before.resolution());
        }
        return result.build();
    }

    /** {@code status} without the fields other writers own. */
    static RemediationTaskStatus operatorFields(RemediationTaskStatus status) {
        return status.toBuilder().claim(null).resolution(null).build();
    }
}
