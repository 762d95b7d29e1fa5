package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.Main;
import io.dockmedic.core.rules.Severity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dockmedic scan --file}, end to end through the command line as a user runs it. */
class ScanCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A PostgreSQL log: one fault three times, another once, and routine lines that must stay silent. */
    private static final String POSTGRES_LOG = """
            2024-05-01T10:00:00.000000001Z 2024-05-01 10:00:00.000 UTC [1] LOG:  database system is ready to accept connections
            2024-05-01T10:00:01.000000001Z 2024-05-01 10:00:01.000 UTC [42] FATAL:  password authentication failed for user "app"
            2024-05-01T10:00:01.000000002Z 2024-05-01 10:00:01.000 UTC [42] DETAIL:  Connection matched pg_hba.conf line 99: "host all all all scram-sha-256"
            2024-05-01T10:00:02.000000001Z 2024-05-01 10:00:02.000 UTC [43] LOG:  checkpoint complete: wrote 3 buffers (0.0%); errors=0
            2024-05-01T10:00:03.000000001Z 2024-05-01 10:00:03.000 UTC [44] FATAL:  password authentication failed for user "app"
            2024-05-01T10:00:03.000000002Z 2024-05-01 10:00:03.000 UTC [44] DETAIL:  Connection matched pg_hba.conf line 99: "host all all all scram-sha-256"
            2024-05-01T10:00:04.000000001Z 2024-05-01 10:00:04.000 UTC [45] FATAL:  password authentication failed for user "app"
            2024-05-01T10:00:04.000000002Z 2024-05-01 10:00:04.000 UTC [45] DETAIL:  Connection matched pg_hba.conf line 99: "host all all all scram-sha-256"
            2024-05-01T10:00:05.000000001Z 2024-05-01 10:00:05.000 UTC [46] FATAL:  database "inventory" does not exist
            2024-05-01T10:00:06.000000001Z 2024-05-01 10:00:06.000 UTC [1] LOG:  autovacuum launcher started
            """;

    @TempDir
    Path dir;

    private final CommandRun cli = new CommandRun();

    private int scan(String... args) {
        List<String> all = new ArrayList<>(List.of("scan"));
        all.addAll(List.of(args));
        return cli.execute(all.toArray(String[]::new));
    }

    private Path log(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private JsonNode report() throws IOException {
        return JSON.readTree(dir.resolve("out/docker_audit_report.json").toFile());
    }

    @Test
    void scanningASavedLogWritesBothReportsAndPrintsEachProblemOnce() throws IOException {
        Path log = log("db.log", POSTGRES_LOG);

        int exit = scan("--file", log.toString(), "--output", dir.resolve("out").toString());

        assertThat(exit).isZero();
        assertThat(cli.err()).isEmpty();
        JsonNode report = report();
        assertThat(report.get("summary").get("lines_scanned").asLong()).isEqualTo(POSTGRES_LOG.lines().count());
        assertThat(report.get("summary").get("containers_analyzed").asInt()).isEqualTo(1);
        assertThat(report.get("issues").findValuesAsText("template"))
                .hasSize(2)
                .anySatisfy(t -> assertThat(t).contains("password authentication failed"))
                .anySatisfy(t -> assertThat(t).contains("does not exist"))
                .noneSatisfy(t -> assertThat(t).containsAnyOf("errors=0", "ready to accept", "autovacuum", "checkpoint"));
        JsonNode auth = report.get("issues").findParents("template").stream()
                .filter(i -> i.get("template").asText().contains("password")).findFirst().orElseThrow();
        assertThat(auth.get("occurrences").asLong()).isEqualTo(3);
        assertThat(auth.get("first_seen").asText()).isEqualTo("2024-05-01T10:00:01.000000001Z");
        assertThat(auth.get("last_seen").asText()).isEqualTo("2024-05-01T10:00:04.000000001Z");
        assertThat(auth.get("container").asText()).isEqualTo("db.log");
        assertThat(auth.get("source").asText()).isEqualTo("log");
        assertThat(auth.get("log_excerpt").asText()).contains("password authentication failed", "DETAIL");
        assertThat(dir.resolve("out/remediation_plan.json")).exists();
        assertThat(cli.out()).startsWith("Scanned 1 container, 10 log lines: 2 issues (")
                .contains("SEVERITY  CONTAINER  COUNT  ISSUE")
                .contains("Reports: " + dir.resolve("out/docker_audit_report.json"));
        assertThat(cli.out().lines().filter(l -> l.contains("db.log"))).hasSize(2);
    }

    @Test
    void failOnExitsWithOneOnlyWhenAnIssueIsAtOrAboveThatSeverity() throws IOException {
        Path log = log("db.log", POSTGRES_LOG);
        String output = dir.resolve("out").toString();
        assertThat(scan("--file", log.toString(), "--output", output)).isZero();
        Severity worst = report().get("issues").findValuesAsText("severity").stream()
                .map(Severity::parse).min(Comparator.naturalOrder()).orElseThrow();

        assertThat(scan("--file", log.toString(), "--output", output, "--fail-on", "low")).isEqualTo(1);
        assertThat(scan("--file", log.toString(), "--output", output, "--fail-on", worst.name())).isEqualTo(1);
        if (worst != Severity.CRITICAL) {
            Severity above = Severity.values()[worst.ordinal() - 1];
            assertThat(scan("--file", log.toString(), "--output", output, "--fail-on", above.name())).isZero();
        }
    }

    @Test
    void aCleanLogScansToExitZeroEvenWithFailOn() throws IOException {
        Path log = log("clean.log", """
                2024-05-01T10:00:00Z INFO server started on port 8080
                2024-05-01T10:00:01Z INFO GET /health 200 errors=0
                2024-05-01T10:00:02Z INFO shutdown completed
                """);

        int exit = scan("--file", log.toString(), "--output", dir.resolve("out").toString(), "--fail-on", "LOW");

        assertThat(exit).isZero();
        assertThat(report().get("issues")).isEmpty();
        assertThat(cli.out()).startsWith("Scanned 1 container, 3 log lines: no issues.");
    }

    @Test
    void jsonFormatPrintsTheAuditReportOnStdout() throws IOException {
        Path log = log("db.log", POSTGRES_LOG);

        int exit = scan("--file", log.toString(), "--output", dir.resolve("out").toString(), "--format", "json");

        assertThat(exit).isZero();
        assertThat(JSON.readTree(cli.out())).isEqualTo(report());
    }

    @Test
    void standardInputIsScannedLikeAFile() throws IOException {
        InputStream original = System.in;
        try {
            System.setIn(new ByteArrayInputStream(POSTGRES_LOG.getBytes(StandardCharsets.UTF_8)));
            int exit = scan("--file", "-", "--output", dir.resolve("out").toString());

            assertThat(exit).isZero();
            assertThat(report().get("summary").get("lines_scanned").asLong()).isEqualTo(10);
            assertThat(report().get("issues").findValuesAsText("container")).containsOnly("stdin");
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void sinceSkipsOlderLinesOfAFile() throws IOException {
        Path log = log("db.log", POSTGRES_LOG);

        scan("--file", log.toString(), "--output", dir.resolve("out").toString(), "--since", "2024-05-01T10:00:04Z");

        assertThat(report().get("summary").get("lines_scanned").asLong()).isEqualTo(4);
    }

    @Test
    void theDefaultOutputFolderIsTheCurrentOne() {
        assertThat(Main.commandLine().getSubcommands().get("scan").getCommandSpec().findOption("--output").defaultValue())
                .isEqualTo(".");
    }

    @Test
    void aMissingFileIsOneLineOnStderrAndExitTwo() {
        Path missing = dir.resolve("missing.log");

        int exit = scan("--file", missing.toString(), "--output", dir.resolve("out").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("dockmedic: cannot read log file " + missing + ": no such file\n");
        assertThat(cli.out()).isEmpty();
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void anUnwritableOutputIsOneLineOnStderrAndExitTwo() throws IOException {
        Path log = log("db.log", POSTGRES_LOG);
        Path notAFolder = log("taken", "x");

        int exit = scan("--file", log.toString(), "--output", notAFolder.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).startsWith("dockmedic: cannot create the output folder " + notAFolder).hasLineCount(1);
    }

    @Test
    void badOptionsAreUsageErrorsWithExitTwo() throws IOException {
        Path log = log("db.log", POSTGRES_LOG);

        assertThat(scan("--file", log.toString(), "--since", "last tuesday")).isEqualTo(2);
        assertThat(cli.err()).contains("--since: expected a duration like 30m, 24h or 7d");
        assertThat(scan("--file", log.toString(), "--fail-on", "urgent")).isEqualTo(2);
        assertThat(cli.err()).contains("--fail-on: unknown severity 'urgent'");
        assertThat(scan("--file", log.toString(), "--format", "yaml")).isEqualTo(2);
        assertThat(scan("--file", log.toString(), "--containers", "web")).isEqualTo(2);
        assertThat(cli.err()).contains("cannot be used with --file");
        assertThat(scan("--label", "=x")).isEqualTo(2);
        assertThat(cli.err()).contains("--label: expected KEY or KEY=VALUE, not '=x'");
    }

    @Test
    void helpDescribesEveryOption() {
        int exit = scan("--help");

        assertThat(exit).isZero();
        assertThat(cli.out()).contains("--output", "--since", "--containers", "--label", "--format", "--fail-on",
                "--file", "Exit codes:");
    }
}
