package io.dockmedic.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dockmedic version}: the version and the git commit this build was made from. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Prints the version and the git commit this build was made from (same as dockmedic --version).")
public final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(BuildInfo.current().line());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
