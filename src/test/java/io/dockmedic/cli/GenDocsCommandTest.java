package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dockmedic gen-docs DIR}: one AsciiDoc man page per command, from the same model as --help. */
class GenDocsCommandTest {

    @TempDir
    Path dir;

    @Test
    void everyCommandGetsAManPageWithItsOptions() throws Exception {
        CommandRun cli = new CommandRun();
        Path docs = dir.resolve("man");
        assertThat(cli.execute("gen-docs", docs.toString())).isZero();

        assertThat(docs).isDirectoryContaining("glob:**/dockmedic.adoc");
        for (String command : new String[] {"scan", "operator", "mine", "bench", "version", "completion", "gen-docs"}) {
            assertThat(docs.resolve("dockmedic-" + command + ".adoc")).exists();
        }
        String scan = Files.readString(docs.resolve("dockmedic-scan.adoc"), StandardCharsets.UTF_8);
        assertThat(scan).contains("= dockmedic-scan(1)", "*--fail-on*=_SEVERITY_", "*--label*=_KEY[=VALUE]_");
        assertThat(Files.readString(docs.resolve("dockmedic-operator.adoc"), StandardCharsets.UTF_8))
                .contains("*--kubeconfig*=_PATH_");
        assertThat(cli.out()).contains("wrote", "pages into " + docs);
    }

    @Test
    void aDirThatIsAFileIsAOneLineErrorWithExitCodeTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        CommandRun cli = new CommandRun();
        assertThat(cli.execute("gen-docs", file.toString())).isEqualTo(2);
        assertThat(cli.err()).startsWith("dockmedic: cannot write the man pages into " + file);
        assertThat(cli.err().strip().lines()).hasSize(1);
        assertThat(Files.readString(file)).isEqualTo("x");
    }
}
