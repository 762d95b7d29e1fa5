package io.dockmedic.operator;

import io.dockmedic.Main;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.task.HistoryEntry;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.core.task.TaskPlanner;
import io.dockmedic.core.task.TaskStore;
import io.dockmedic.core.task.TaskStoreContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/** Tasks as the operator leaves them, and the dockmedic command line run in-process, for the agent ITs. */
final class AgentFixtures {

    private AgentFixtures() {
    }

    /** Creates an Open task with the operator's fields, as the operator would. */
    static StoredTask openTask(TaskStore store, String name, Severity severity, Instant lastSeen, String sample) {
        StoredTask created = store.create(name, Map.of(TaskPlanner.LABEL_AUDIT, "shop",
                TaskPlanner.LABEL_PHASE, "Open"), TaskStoreContract.OWNER, TaskStoreContract.spec("fp-" + name));
        return store.patchStatus(name, created.version(), new RemediationTaskStatus.Builder().phase(TaskPhase.Open)
                .phaseSince(lastSeen.toString()).severity(severity).occurrences(1L).firstSeen(lastSeen.toString())
                .lastSeen(lastSeen.toString()).lastSample(sample).history(List.of(new HistoryEntry(
                        lastSeen.toString(), TaskPhase.Open, "IssueDetected", "seen", "dockmedic-operator")))
                .build(), Set.of());
    }

    /** The API server's kubeconfig, written to {@code dir}. */
    static Path kubeconfig(TestApiServer api, Path dir) {
        try {
            Path file = dir.resolve("kubeconfig.yaml");
            Files.writeString(file, api.kubectl("config", "view", "--raw"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One run of {@code dockmedic args...}: its exit code and what it printed. */
    record Run(int code, String out, String err) {
    }

    static Run dockmedic(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = Main.commandLine();
        // Buffered and auto-flushing on println only, as picocli wraps System.out and System.err; read
        // without flushing, so that text a command prints and never flushes is missing here as it is for users.
        cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        int code = cli.execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
