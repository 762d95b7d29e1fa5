package io.dockmedic.local;

import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskPhase;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The writer {@link LocalStoreKillIT} kills: patches the status of the named tasks round-robin for ever, each
 * write setting {@code occurrences} to the version it creates, and prints {@code committed NAME VERSION .}
 * after each write returned (the dot tells a whole line from one cut by the kill).
 */
public final class StoreWriterMain {

    private StoreWriterMain() {
    }

    /** Arguments: the state directory, then the task names. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        LocalTaskStore store = LocalTaskStore.open(Path.of(args[0]), w -> System.err.println("warning: " + w),
                Clock.systemUTC());
        List<String> names = Arrays.asList(args).subList(1, args.length);
        // A long sample makes each file a few hundred KiB, so a kill often lands inside a write.
        String sample = "x".repeat(200_000);
        for (long round = 0; ; round++) {
            String name = names.get((int) (round % names.size()));
            StoredTask task = store.get(name).orElseThrow();
            long next = Long.parseLong(task.version()) + 1;
            StoredTask written = store.patchStatus(name, task.version(), new RemediationTaskStatus.Builder()
                    .phase(TaskPhase.Open).occurrences(next).lastSample(sample + next).build(), Set.of());
            out.println("committed " + name + " " + written.version() + " .");
        }
    }
}
