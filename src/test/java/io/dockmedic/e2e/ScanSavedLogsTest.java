package io.dockmedic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.Main;
import io.dockmedic.fixtures.FixtureGroundTruth;
import io.dockmedic.fixtures.FixtureGroundTruth.ExpectedIssue;
import io.dockmedic.fixtures.FixtureGroundTruth.Fixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * `dockmedic scan --file` on each log captured from real software reports exactly what the
 * fixtures' README says was injected: each fault once, with its count, and nothing for benign lines.
 */
class ScanSavedLogsTest {

    static List<Fixture> fixtures() {
        return FixtureGroundTruth.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void scanOfASavedLogReportsEachInjectedFaultOnceAndNothingElse(Fixture fixture, @TempDir Path dir)
            throws IOException {
        Path log = dir.resolve(fixture.file());
        try (InputStream in = ScanSavedLogsTest.class.getResourceAsStream(fixture.resource())) {
            Files.copy(in, log);
        }
        Path out = Files.createDirectory(dir.resolve("report"));
        StringWriter printed = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(printed));
        cli.setErr(new PrintWriter(printed));

        int exit = cli.execute("scan", "--file", log.toString(), "--output", out.toString());

        assertThat(exit).as("exit code; scan printed:%n%s", printed).isZero();
        JsonNode report = new ObjectMapper().readTree(out.resolve("docker_audit_report.json").toFile());
        List<JsonNode> issues = StreamSupport.stream(report.path("issues").spliterator(), false).toList();
        List<JsonNode> unexplained = new ArrayList<>(issues);
        for (ExpectedIssue expected : fixture.issues()) {
            List<JsonNode> found = issues.stream()
                    .filter(i -> i.path("log_excerpt").asText().contains(expected.match())).toList();
            unexplained.removeAll(found);
            assertThat(found).as("%s #%s '%s'; all issues: %s", fixture, expected.id(), expected.match(), issues)
                    .hasSizeBetween(expected.optional() ? 0 : 1, 1);
            for (JsonNode issue : found) {
                assertThat(issue.path("occurrences").asInt()).as("occurrences of %s", issue)
                        .isEqualTo(expected.occurrences());
                assertThat(issue.path("severity").asText()).as("severity of %s", issue)
                        .isIn(expected.severities());
                if (!expected.categories().isEmpty()) {
                    assertThat(issue.path("issue_type").asText()).as("category of %s", issue)
                            .isIn(expected.categories());
                }
            }
        }
        assertThat(unexplained).as("%s: issues for lines the README calls benign", fixture).isEmpty();
        assertThat(issues).hasSizeBetween(fixture.minIssues(), fixture.maxIssues());
    }
}
