package io.dockmedic.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dockmedic completion}: a shell completion script for every command and option (picocli's AutoComplete). */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a completion script for bash and zsh covering every command and option.",
            "Load it in the current shell:  source <(dockmedic completion)",
            "or keep it:  dockmedic completion > /etc/bash_completion.d/dockmedic",
            "(zsh loads it through bashcompinit, which the script turns on)."})
public final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("dockmedic", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
