package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code dockmedic version} and {@code --version}: the pom's version and the commit the build stamped. */
class VersionCommandTest {

    private static String pomVersion() throws IOException {
        Matcher m = Pattern.compile("^  <version>(.+)</version>$", Pattern.MULTILINE)
                .matcher(Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void versionPrintsThePomsVersionAndTheBuildsCommit() throws IOException {
        CommandRun cli = new CommandRun();
        assertThat(cli.execute("version")).isZero();
        // Built in a git checkout (as here) the commit is known; the exact id moves with every commit.
        assertThat(cli.out().strip()).matches("dockmedic " + Pattern.quote(pomVersion()) + " \\(commit [0-9a-f]{12}\\)");
    }

    @Test
    void dashDashVersionPrintsTheSameLine() {
        CommandRun version = new CommandRun();
        version.execute("version");
        CommandRun flag = new CommandRun();
        assertThat(flag.execute("--version")).isZero();
        assertThat(flag.out()).isEqualTo(version.out());
    }

    @Test
    void aBuildWithoutGitLeavesThePlaceholderAndSaysUnknown() {
        // What a copy without .git and without -Ddockmedic.commit stamps.
        Properties stamped = new Properties();
        stamped.setProperty("version", "0.1.0");
        stamped.setProperty("commit", "${dockmedic.commit}");
        assertThat(BuildInfo.of(stamped).line()).isEqualTo("dockmedic 0.1.0 (commit unknown)");
        stamped.setProperty("commit", "");
        assertThat(BuildInfo.of(stamped).line()).isEqualTo("dockmedic 0.1.0 (commit unknown)");
    }
}
