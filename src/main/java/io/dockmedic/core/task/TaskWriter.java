package io.dockmedic.core.task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes planned task work to a {@link TaskStore}: creates new tasks, then merge-patches only the
 * operator's status fields with the version read as a precondition. On a conflict (an agent wrote in
 * between, or the task already exists) it reads the task again, decides again and retries, so neither
 * side's write is lost.
 */
public final class TaskWriter {

    static final int MAX_ATTEMPTS = 5;

    private final TaskStore store;
    private final TaskNotifier notifier;

    public TaskWriter(TaskStore store, TaskNotifier notifier) {
        this.store = store;
        this.notifier = notifier;
    }

    /**
     * Writes every task that needs it and reports its notices once written.
     *
     * @return the work as finally written (after any re-decision), including tasks that needed no write; each
     *     written task's {@code existing} is the stored copy after the write
     */
    public List<TaskWork> write(TaskPlanner planner, List<TaskWork> work, ScanMark scan, Instant now) {
        List<TaskWork> written = new ArrayList<>(work.size());
        for (TaskWork planned : work) {
            boolean adopt = planned.existing() != null && !planner.ownedByAudit(planned.existing());
            written.add(planned.needsWrite() || adopt ? writeOne(planner, planned, scan, now) : planned);
        }
        return written;
    }

    private TaskWork writeOne(TaskPlanner planner, TaskWork planned, ScanMark scan, Instant now) {
        TaskWork work = planned;
        for (int attempt = 1; ; attempt++) {
            try {
                StoredTask task = work.existing() == null
                        ? store.create(work.name(), work.labels(), planner.owner(), work.spec())
                        : work.existing();
                if (work.existing() != null && (work.changesLabels() || !planner.ownedByAudit(task))) {
                    task = store.updateMetadata(task, work.labels(), planner.owner());
                }
                if (work.existing() == null || work.decision().changesStatus()) {
                    task = store.patchStatus(task.name(), task.version(), work.decision().patch(),
                            work.decision().clearedFields());
                }
                notifier.publish(task, work.decision().notices());
                return new TaskWork(work.name(), task, work.spec(), work.labels(), work.decision(), work.found(),
                        work.holding());
            } catch (TaskConflictException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                work = store.get(work.name()).map(fresh -> planner.replan(planned, fresh, scan, now)).orElse(planned);
            }
        }
    }
}
