package io.dockmedic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A log that is binary garbage (a core dump, an image or compressed data written to stdout) holds no
 * problem report: `dockmedic scan --file` on megabytes of random bytes reports no issue, whatever the
 * bytes happen to spell ("eIo", "ePeRm", "429").
 */
class BinaryGarbageScanTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 13, 2026})
    void megabytesOfRandomBytesRaiseNoIssue(long seed, @TempDir Path dir) throws IOException {
        byte[] bytes = new byte[3 * 1024 * 1024];
        new Random(seed).nextBytes(bytes);
        Path log = Files.write(dir.resolve("garbage.log"), bytes);
        Path out = Files.createDirectory(dir.resolve("report"));
        StringWriter printed = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(printed));
        cli.setErr(new PrintWriter(printed));

        int exit = cli.execute("scan", "--file", log.toString(), "--output", out.toString());

        assertThat(exit).as("exit code; scan printed:%n%s", printed).isZero();
        JsonNode report = new ObjectMapper().readTree(out.resolve("docker_audit_report.json").toFile());
        assertThat(report.path("issues")).as("issues from random bytes").isEmpty();
    }
}
