package io.dockmedic;

import io.dockmedic.cli.BenchCommand;
import io.dockmedic.cli.MineCommand;
import io.dockmedic.cli.OperatorCommand;
import io.dockmedic.cli.ReportCommand;
import io.dockmedic.cli.ScanCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The dockmedic command line and the composition root that wires adapters to the core. */
@Command(
        name = "dockmedic",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Finds, tracks and remediates problems in Docker containers.",
        subcommands = {CommandLine.HelpCommand.class, ScanCommand.class, MineCommand.class, BenchCommand.class,
            OperatorCommand.class, ReportCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The full command tree; tests run commands through it exactly as users do. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Reads the version Maven stamped into the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"dockmedic " + (version == null ? "development build" : version)};
        }
    }
}
