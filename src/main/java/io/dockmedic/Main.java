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
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The dockmedic command line and the composition root that wires adapters to the core. */
@Command(
        name = "dockmedic",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Finds, tracks and remediates problems in Docker containers.")
public final class Main implements Runnable {

    /** The subcommands, in the order help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(CommandLine.HelpCommand.class, ScanCommand.class,
            MineCommand.class, BenchCommand.class, OperatorCommand.class, RbacCommand.class, WatchCommand.class,
            ReportCommand.class, TasksCommand.class, McpCommand.class, VersionCommand.class, CompletionCommand.class,
            GenDocsCommand.class);
    /** Subcommands that describe the whole tree, so they need every other one built. */
    private static final Set<String> NEED_THE_TREE = Set.of("help", "completion", "gen-docs");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Integer mined = MineCommand.runWithoutPicocli(args); // its common form, before picocli loads
        System.exit(mined != null ? mined : commandLine(args).execute(args));
    }

    /** The full command tree; tests run commands through it exactly as users do. */
    public static CommandLine commandLine() {
        return tree(null);
    }

    /**
     * The command tree for these arguments: when the first names a subcommand, the root with only that one under
     * it. Picocli instantiates and reads every subcommand of a tree it builds, and some of them load Jackson and
     * fabric8 on the way (0.3–0.6 s of CPU at every start), which {@code scan} or {@code mine} would wait for; the
     * command built alone parses and prints its help and errors exactly as in the full tree. {@code help},
     * {@code completion} and {@code gen-docs} describe the tree, and anything else (an option, a typo) is answered
     * by the root: those get the full tree.
     */
    public static CommandLine commandLine(String... args) {
        return tree(args.length == 0 ? null : args[0]);
    }

    private static CommandLine tree(String first) {
        CommandLine commandLine = new CommandLine(new Main());
        if (first != null && !NEED_THE_TREE.contains(first)) {
            for (Class<?> command : COMMANDS) {
                if (nameOf(command).equals(first)) {
                    return commandLine.addSubcommand(command);
                }
            }
        }
        for (Class<?> command : COMMANDS) {
            commandLine.addSubcommand(command);
        }
        return commandLine;
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
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
