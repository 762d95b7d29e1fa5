package io.dockmedic.audit;

import io.dockmedic.core.task.InMemoryTaskStore;
import io.dockmedic.core.task.TaskStore;

/** The shared lifecycle over the in-memory store, the reference the real stores are held to. */
class AuditCycleInMemoryTest extends AuditCycleContract {

    @Override
    protected TaskStore newStore() {
        return new InMemoryTaskStore();
    }
}
