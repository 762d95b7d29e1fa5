package io.dockmedic.core.task;

/** The in-memory fake keeps the store contract, so fast tests over it say something about the real store. */
class InMemoryTaskStoreTest extends TaskStoreContract {

    @Override
    protected TaskStore newStore() {
        return new InMemoryTaskStore();
    }
}
