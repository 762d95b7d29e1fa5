package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dockmedic completion}: the script bash (and zsh through bashcompinit) loads, tried in a real bash. */
class CompletionCommandTest {

    @TempDir
    Path dir;

    /** What bash offers after typing {@code line} and TAB, with the printed script loaded. */
    private String complete(String line) throws IOException, InterruptedException {
        CommandRun cli = new CommandRun();
        assertThat(cli.execute("completion")).isZero();
        Path script = dir.resolve("dockmedic_completion");
        Files.writeString(script, cli.out());
        String driver = "source " + script + "\n"
                + "COMP_LINE='" + line + "'; read -ra COMP_WORDS <<< \"$COMP_LINE\"\n"
                + "[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')\n"
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_POINT=${#COMP_LINE}\n"
                + "_complete_dockmedic; printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        // stderr dropped: compopt says it runs outside a real TAB press, which is true and beside the point.
        Process bash = new ProcessBuilder("bash", "-c", driver)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void theCommandsAreOfferedAfterDockmedic() throws Exception {
        assertThat(complete("dockmedic ").lines())
                .contains("scan", "operator", "mine", "bench", "version", "completion", "gen-docs");
    }

    @Test
    void aPartlyTypedCommandIsCompleted() throws Exception {
        assertThat(complete("dockmedic sc").lines()).containsExactly("scan");
    }

    @Test
    void theOptionsOfACommandAreOffered() throws Exception {
        assertThat(complete("dockmedic scan --fa").lines()).containsExactly("--fail-on");
        assertThat(complete("dockmedic operator --").lines()).contains("--namespace", "--metrics-port", "--kubeconfig");
    }

    @Test
    void theScriptAlsoLoadsInZshThroughBashcompinit() {
        CommandRun cli = new CommandRun();
        cli.execute("completion");
        assertThat(cli.out()).contains("ZSH_VERSION", "bashcompinit", "complete -F _complete_dockmedic");
    }
}
