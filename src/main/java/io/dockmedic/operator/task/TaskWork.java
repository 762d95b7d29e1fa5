package io.dockmedic.operator.task;

import io.dockmedic.core.issue.Issue;
import io.dockmedic.operator.api.RemediationTask;
import io.dockmedic.operator.api.RemediationTaskSpec;
import io.dockmedic.operator.api.RemediationTaskStatus;
import java.util.Map;

/**
 * What to do to one RemediationTask in a reconcile.
 *
 * @param name the task's name
 * @param existing the task as read, or null when it must be created
 * @param spec the spec to create it with (null for an existing task: specs never change)
 * @param labels the labels it must carry
 * @param decision the status decision
 * @param found what the scan found for the task, or null; kept to decide again after a write conflict
 * @param holding whether the task's state issue still holds; kept likewise
 */
public record TaskWork(String name, RemediationTask existing, RemediationTaskSpec spec, Map<String, String> labels,
        TaskDecision decision, Issue found, boolean holding) {

    /** The task's status as everyone will see it after the write: operator fields plus the agent's claim. */
    public RemediationTaskStatus resultingStatus() {
        RemediationTaskStatus n = decision.next();
        RemediationTaskStatus before = decision.before();
        return new RemediationTaskStatus(n.observedGeneration(), n.phase(), n.phaseSince(), n.severity(),
                n.priority(), n.occurrences(), n.firstSeen(), n.lastSeen(), n.containerName(), n.containerId(),
                n.image(), n.firstSample(), n.lastSample(), n.appliedScan(), n.conditions(), n.history(),
                before == null ? null : before.claim());
    }

    /** Whether the labels differ from those the task carries. */
    public boolean changesLabels() {
        if (existing == null) {
            return true;
        }
        Map<String, String> current = existing.getMetadata().getLabels();
        return current == null || !labels.entrySet().stream()
                .allMatch(label -> label.getValue().equals(current.get(label.getKey())));
    }

    /** Whether the task must be written at all. */
    public boolean needsWrite() {
        return existing == null || changesLabels() || decision.changesStatus();
    }
}
