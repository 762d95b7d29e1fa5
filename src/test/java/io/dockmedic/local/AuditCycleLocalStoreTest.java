package io.dockmedic.local;

import io.dockmedic.audit.AuditCycleContract;
import io.dockmedic.core.task.TaskStore;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** The shared lifecycle over the local store, so {@code dockmedic watch} and the operator cannot drift. */
class AuditCycleLocalStoreTest extends AuditCycleContract {

    @TempDir
    Path dir;

    @Override
    protected TaskStore newStore() {
        return LocalTaskStore.openOrCreate(dir, warning -> {
            throw new AssertionError("a task file the store wrote does not parse: " + warning);
        }, Clock.systemUTC());
    }
}
