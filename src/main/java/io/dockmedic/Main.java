package io.dockmedic;

import io.dockmedic.cli.BenchCommand;
import io.dockmedic.cli.BuildInfo;
import io.dockmedic.cli.CompletionCommand;
import io.dockmedic.cli.GenDocsCommand;
import io.dockmedic.cli.McpCommand;
import io.dockmedic.cli.MineCommand;
import io.dockmedic.cli.OperatorCommand;
import io.dockmedic.cli.RbacCommand;
import io.dockmedic.cli.ReportCommand;
import io.dockmedic.cli.ScanCommand;
import io.dockmedic.cli.TasksCommand;
import io.dockmedic.cli.VersionCommand;
import io.dockmedic.cli.WatchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The dockmedic command line and the composition root that wires adapters to the core. */
@Command(
        name = "dockmedic",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Finds, tracks and remediates problems in Docker containers.",
        subcommands = {CommandLine.HelpCommand.class, ScanCommand.class, MineCommand.class, BenchCommand.class,
            OperatorCommand.class, RbacCommand.class, WatchCommand.class, ReportCommand.class, TasksCommand.class, McpCommand.class, VersionCommand.class,
            CompletionCommand.class, GenDocsCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The full command tree; tests run commands through it exactly as users do. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    /**
     * The command tree for these arguments: for {@code dockmedic mine ...}, the root with only {@code mine}
     * under it. Picocli instantiates every subcommand of a tree it builds, and some of them load Jackson
     * and fabric8 on the way (0.3–0.6 s of CPU), which a user of {@code mine} would wait for;
     * {@code mine} needs nothing of them, so it parses and prints its help and errors as in the full tree.
     */
    public static CommandLine commandLine(String... args) {
        return args.length > 0 && args[0].equals("mine") ? new CommandLine(new MineOnly()) : commandLine();
    }

    /** The root as {@code dockmedic mine} sees it. */
    @Command(name = "dockmedic", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            subcommands = MineCommand.class)
    static final class MineOnly {
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The version and commit the build stamped, for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {BuildInfo.current().line()};
        }
    }
}
