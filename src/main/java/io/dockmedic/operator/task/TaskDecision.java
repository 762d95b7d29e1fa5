package io.dockmedic.operator.task;

import io.dockmedic.operator.api.RemediationTaskStatus;
import java.util.List;
import java.util.Objects;

/**
 * The operator's decision about one task's status.
 *
 * @param before the status it was decided from (null for a task never counted)
 * @param next the operator-owned fields after the decision (claim is always null: agents own it)
 * @param notices what to report as Kubernetes Events once the status is written
 */
public record TaskDecision(RemediationTaskStatus before, RemediationTaskStatus next, List<Notice> notices) {

    /** The same decision with the task's rank among open tasks. */
    public TaskDecision withPriority(int priority) {
        RemediationTaskStatus n = next;
        return new TaskDecision(before, new RemediationTaskStatus(n.observedGeneration(), n.phase(), n.phaseSince(),
                n.severity(), priority, n.occurrences(), n.firstSeen(), n.lastSeen(), n.containerName(),
                n.containerId(), n.image(), n.firstSample(), n.lastSample(), n.appliedScan(), n.conditions(),
                n.history(), null), notices);
    }

    /** Whether anything the operator owns changes, i.e. whether a write is needed. */
    public boolean changesStatus() {
        if (before == null) {
            return true;
        }
        RemediationTaskStatus b = before;
        RemediationTaskStatus owned = new RemediationTaskStatus(b.observedGeneration(), b.phase(), b.phaseSince(),
                b.severity(), b.priority(), b.occurrences(), b.firstSeen(), b.lastSeen(), b.containerName(),
                b.containerId(), b.image(), b.firstSample(), b.lastSample(), b.appliedScan(), b.conditions(),
                b.history(), null);
        return !owned.equals(next);
    }

    /**
     * The status fields to send as a JSON merge patch: every operator-owned field, and the phase only
     * when the operator changed it, so that a phase an agent set is never written back.
     */
    public RemediationTaskStatus patch() {
        boolean phaseChanged = before == null || !Objects.equals(before.phase(), next.phase())
                || !Objects.equals(before.phaseSince(), next.phaseSince());
        if (phaseChanged) {
            return next;
        }
        RemediationTaskStatus n = next;
        return new RemediationTaskStatus(n.observedGeneration(), null, null, n.severity(), n.priority(),
                n.occurrences(), n.firstSeen(), n.lastSeen(), n.containerName(), n.containerId(), n.image(),
                n.firstSample(), n.lastSample(), n.appliedScan(), n.conditions(), n.history(), null);
    }
}
