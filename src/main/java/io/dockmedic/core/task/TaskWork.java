package io.dockmedic.core.task;

import io.dockmedic.core.issue.Issue;
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
public record TaskWork(String name, StoredTask existing, RemediationTaskSpec spec, Map<String, String> labels,
        TaskDecision decision, Issue found, boolean holding) {

    /** The task's status as everyone will see it after the write. */
    public RemediationTaskStatus resultingStatus() {
        return decision.resulting();
    }

    /** The task's spec, whether it is created now or exists. */
    public RemediationTaskSpec taskSpec() {
        return spec != null ? spec : existing.spec();
    }

    /** Whether the labels differ from those the task carries. */
    public boolean changesLabels() {
        if (existing == null) {
            return true;
        }
        Map<String, String> current = existing.labels();
        return !labels.entrySet().stream().allMatch(label -> label.getValue().equals(current.get(label.getKey())));
    }

    /** The same work with another decision. */
    public TaskWork with(TaskDecision next) {
        return new TaskWork(name, existing, spec, labels, next, found, holding);
    }

    /** Whether the task must be written at all. */
    public boolean needsWrite() {
        return existing == null || changesLabels() || decision.changesStatus();
    }
}
