package io.dockmedic.core.fix;

import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskConflictException;
import io.dockmedic.core.task.TaskNotifier;
import io.dockmedic.core.task.TaskStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Carries out fix orders whose attempts are already recorded in their tasks (write-ahead), then records how
 * each ended, re-reading the task when someone wrote in between.
 */
public final class FixRunner {

    static final int MAX_WRITE_ATTEMPTS = 5;

    private final TaskStore store;
    private final TaskNotifier notifier;
    private final FixExecutor executor;
    private final Clock clock;

    public FixRunner(TaskStore store, TaskNotifier notifier, FixExecutor executor, Clock clock) {
        this.store = store;
        this.notifier = notifier;
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * A finished order.
     *
     * @param order what was done
     * @param outcome how it ended
     * @param task the task after its result was recorded
     */
    public record Done(FixOrder order, FixOutcome outcome, StoredTask task) {
    }

    /** Runs every order, one after the other, and records each result. */
    public List<Done> carryOut(List<FixOrder> orders) {
        List<Done> done = new ArrayList<>(orders.size());
        for (FixOrder order : orders) {
            FixOutcome outcome = executor.run(order.action(), order.containerId());
            record(order, outcome).ifPresent(task -> done.add(new Done(order, outcome, task)));
        }
        return done;
    }

    private Optional<StoredTask> record(FixOrder order, FixOutcome outcome) {
        for (int attempt = 1; ; attempt++) {
            Optional<StoredTask> read = store.get(order.task());
            if (read.isEmpty()) {
                return Optional.empty();
            }
            StoredTask task = read.get();
            Optional<FixPlanner.Completion> completion = FixPlanner.complete(task, order, outcome, clock.instant());
            if (completion.isEmpty()) {
                return Optional.empty();
            }
            try {
                StoredTask written = store.patchStatus(task.name(), task.version(), completion.get().patch(),
                        java.util.Set.of());
                notifier.publish(written, completion.get().notices());
                return Optional.of(written);
            } catch (TaskConflictException e) {
                if (attempt == MAX_WRITE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
