package io.dockmedic.cli;

import io.dockmedic.agents.AgentTaskException;
import io.dockmedic.agents.AgentTaskException.Kind;
import io.dockmedic.agents.AgentTasks;
import io.dockmedic.local.LocalStoreException;
import io.dockmedic.local.LocalTaskStore;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** {@code --state DIR} or $DOCKMEDIC_STATE: the agent commands work on a local state directory, not the API server. */
public final class StateOption {

    @Option(names = "--state", paramLabel = "DIR", defaultValue = "${env:DOCKMEDIC_STATE}",
            description = "Work on the tasks of this local state directory (the one 'dockmedic watch' keeps, e.g. "
                    + ".dockmedic) instead of the Kubernetes API server (default: $DOCKMEDIC_STATE; without either, "
                    + "the kubeconfig).")
    String state;

    /** Whether a state directory was given, by the option or the environment. */
    boolean given() {
        return state != null && !state.isBlank();
    }

    /**
     * The agent operations on the state directory. Kubernetes options with it, or a directory that is
     * missing or unreadable, are one-line failures (exit 2).
     *
     * @param warnings told about task files that do not parse
     */
    AgentTasks open(KubeOptions kube, Consumer<String> warnings) {
        String clash = kube.given();
        if (clash != null) {
            throw new AgentTaskException(Kind.BAD_INPUT, clash + " cannot be used with --state or $DOCKMEDIC_STATE: "
                    + "local tasks are not on a Kubernetes API server (unset DOCKMEDIC_STATE to use the kubeconfig)",
                    null);
        }
        Path dir;
        try {
            dir = Path.of(state);
        } catch (InvalidPathException e) {
            throw new AgentTaskException(Kind.BAD_INPUT, "--state " + state + " is not a path: " + e.getReason(), e);
        }
        try {
            return AgentTasks.local(LocalTaskStore.open(dir, warnings, Clock.systemUTC()), Clock.systemUTC());
        } catch (LocalStoreException e) {
            throw new AgentTaskException(Kind.UNREACHABLE, e.getMessage(), e);
        }
    }
}
