package io.dockmedic.core.fix;

import io.dockmedic.core.task.TaskWork;
import java.time.Instant;
import java.util.List;

/**
 * The fix decisions of one reconcile.
 *
 * @param work the task work with the decisions folded in (attempts recorded, phases moved), to be written first
 * @param orders the actions to carry out once that write succeeded
 * @param nextDecisionAt when a task waiting for its back-off or cooldown may be acted on, or null
 */
public record FixPlan(List<TaskWork> work, List<FixOrder> orders, Instant nextDecisionAt) {

    public FixPlan {
        work = List.copyOf(work);
        orders = List.copyOf(orders);
    }
}
