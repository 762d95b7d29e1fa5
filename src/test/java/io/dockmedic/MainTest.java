package io.dockmedic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    @Test
    void eachSubcommandBuiltAloneHelpsAndFailsExactlyAsInTheFullTree() {
        CommandLine full = Main.commandLine();
        for (String name : full.getSubcommands().keySet()) {
            CommandLine alone = Main.commandLine(name);
            assertThat(alone.getSubcommands().get(name).getUsageMessage())
                    .isEqualTo(full.getSubcommands().get(name).getUsageMessage());
            assertThat(run(Main.commandLine(name), name, "--no-such-option"))
                    .isEqualTo(run(Main.commandLine(), name, "--no-such-option"));
        }
    }

    @Test
    void helpCompletionAndAnythingElseGetTheWholeTree() {
        int all = Main.commandLine().getSubcommands().size();
        assertThat(all).isGreaterThan(10);
        for (String first : new String[] {"help", "completion", "gen-docs", "--help", "scna", null}) {
            assertThat(Main.commandLine(first).getSubcommands()).hasSize(all);
        }
        assertThat(Main.commandLine("scan").getSubcommands()).containsOnlyKeys("scan");
    }

    private static String run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(out));
        int code = commandLine.execute(args);
        return code + "\n" + out;
    }
}
