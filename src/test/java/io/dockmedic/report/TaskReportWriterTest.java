package io.dockmedic.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.task.AuditReference;
import io.dockmedic.core.task.FixAttempt;
import io.dockmedic.core.task.FixResult;
import io.dockmedic.core.task.FixType;
import io.dockmedic.core.task.HistoryEntry;
import io.dockmedic.core.task.IssueSourceType;
import io.dockmedic.core.task.IssueType;
import io.dockmedic.core.task.RemediationTaskSpec;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.Resolution;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.core.task.TaskReport;
import io.dockmedic.report.TaskReportWriter.LearningsFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class TaskReportWriterTest {

    /** Log text as hostile as it gets: markup, both quotes, NUL, a bell, an escape, CR LF, a tab, a lone surrogate. */
    private static final String HOSTILE = "ERROR <script>alert(\"x\")</script> & 'y' > z\u0000\u0007\u001b[2J\r\n\tend\ud800!";
    private static final String HOSTILE_IN_XML = "ERROR <script>alert(\"x\")</script> & 'y' > z\ufffd\ufffd\ufffd[2J\r\n\tend\ufffd!";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final TaskReportWriter writer = new TaskReportWriter();

    private static TaskReport report() {
        RemediationTaskSpec spec = new RemediationTaskSpec(new AuditReference("shop"), "5a6a0fc2bfefc017", "shop/db",
                IssueSourceType.LOG, IssueType.DATABASE, Severity.HIGH, "could not connect <*>", "db.refused",
                "check the database", FixType.EXEC);
        RemediationTaskStatus status = new RemediationTaskStatus.Builder().phase(TaskPhase.Verifying)
                .severity(Severity.HIGH).occurrences(3L).firstSeen("2026-12-02T09:00:00Z")
                .lastSeen("2026-12-02T09:10:00Z").containerName("shop-db-1").containerId("c0ffee").image("pg:16")
                .lastSample(HOSTILE)
                .attempts(List.of(
                        new FixAttempt(2, "exec", "runbook:vacuum", "shop-db-1", "c0ffee", List.of("psql", "-c",
                                "VACUUM"), "postgres", false, "2026-12-02T09:20:00Z", "2026-12-02T09:20:02Z",
                                FixResult.Succeeded, 0, "VACUUM\n", "exit code 0"),
                        new FixAttempt(1, "exec", "runbook:vacuum", "shop-db-1", "c0ffee", List.of("psql", "-c",
                                "VACUUM"), "postgres", false, "2026-12-02T09:15:00Z", "2026-12-02T09:15:01Z",
                                FixResult.Failed, 2, "psql: error", "exit code 2, expected 0")))
                .history(List.of(
                        new HistoryEntry("2026-12-02T09:00:00Z", TaskPhase.Open, "IssueDetected",
                                "HIGH database issue in shop/db", "dockmedic-operator"),
                        new HistoryEntry("2026-12-02T09:20:02Z", TaskPhase.Verifying, "RemediationSucceeded",
                                "line one\nline two " + HOSTILE, "dockmedic-operator"),
                        new HistoryEntry("2026-12-02T09:15:00Z", TaskPhase.Remediating, "RemediationStarted",
                                "attempt 1", "dockmedic-operator")))
                .previousFixes(List.of(new Resolution("agent 7", "2026-12-01T08:00:00Z", "raised max_connections",
                        List.of("deploy/db.yaml", "<&>"), HOSTILE)))
                .resolution(new Resolution("dockmedic-operator", "2026-12-02T09:20:02Z", "VACUUM (attempt 2).",
                        List.of(), null))
                .build();
        return TaskReport.of(List.of(new TaskReport.InNamespace("shop",
                new StoredTask("shop-1a2b3c4d5e", "u1", "7", 1, Map.of(), null, spec, status))),
                Instant.parse("2026-12-02T12:00:00Z"));
    }

    @Test
    void theFiveFilesAreWrittenAndTheLearningsAreValidXmlThatRoundTripsHostileLogText() throws Exception {
        List<Path> written = writer.write(report(), dir.resolve("out"), LearningsFormat.XML);

        assertThat(written).extracting(p -> dir.resolve("out").relativize(p).toString()).containsExactly(
                "docker_audit_report.json", "remediation_plan.json", "remediation_log.json",
                "remediation_progress.log", "learnings/docker_remediation.xml");
        Path xmlFile = dir.resolve("out/learnings/docker_remediation.xml");
        byte[] raw = Files.readAllBytes(xmlFile);
        assertThat(raw).doesNotContain((byte) 0, (byte) 7, (byte) 0x1b);
        assertThat(new String(raw, StandardCharsets.UTF_8)).contains("&lt;script&gt;").startsWith("<?xml");

        Document xml = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(xmlFile.toFile());
        Element root = xml.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("docker_remediation");
        assertThat(text(root, "audit_timestamp")).isEqualTo("2026-12-02T12:00:00Z");
        assertThat(text(root, "total_learnings")).isEqualTo("1");
        Element entry = (Element) root.getElementsByTagName("entry").item(0);
        assertThat(root.getElementsByTagName("entry").getLength()).isEqualTo(1);
        assertThat(text(entry, "learning")).isEqualTo(HOSTILE_IN_XML);
        assertThat(text(entry, "task")).isEqualTo("shop-1a2b3c4d5e");
        assertThat(text(entry, "namespace")).isEqualTo("shop");
        assertThat(text(entry, "id")).isEqualTo("DM-5a6a0fc2");
        assertThat(text(entry, "fingerprint")).isEqualTo("5a6a0fc2bfefc017");
        assertThat(text(entry, "container")).isEqualTo("shop/db");
        assertThat(text(entry, "issue_type")).isEqualTo("database");
        assertThat(text(entry, "kind")).isEqualTo("previous_fix");
        assertThat(text(entry, "phase")).isEqualTo("Verifying");
        assertThat(text(entry, "by")).isEqualTo("agent 7");
        assertThat(text(entry, "at")).isEqualTo("2026-12-01T08:00:00Z");
        assertThat(text(entry, "summary")).isEqualTo("raised max_connections");
        assertThat(entry.getElementsByTagName("change").item(1).getTextContent()).isEqualTo("<&>");
    }

    @Test
    void learningsAsJsonKeepEveryCharacterEscapedByJson() throws IOException {
        List<Path> written = writer.write(report(), dir, LearningsFormat.JSON);

        assertThat(written.get(4)).isEqualTo(dir.resolve("learnings/docker_remediation.json"));
        assertThat(dir.resolve("learnings/docker_remediation.xml")).doesNotExist();
        JsonNode doc = JSON.readTree(dir.resolve("learnings/docker_remediation.json").toFile());
        assertThat(fieldNames(doc)).containsExactly("audit_timestamp", "summary", "learnings");
        assertThat(fieldNames(doc.get("learnings").get(0))).containsExactly("namespace", "task", "id", "fingerprint",
                "container", "issue_type", "kind", "phase", "by", "at", "summary", "changes", "learning");
        assertThat(doc.get("learnings").get(0).get("learning").asText())
                .isEqualTo(HOSTILE);
    }

    @Test
    void theRemediationLogHasEveryAttemptStructuredOldestFirst() throws IOException {
        writer.write(report(), dir, LearningsFormat.XML);

        JsonNode log = JSON.readTree(dir.resolve("remediation_log.json").toFile());
        assertThat(fieldNames(log)).containsExactly("audit_timestamp", "summary", "attempts");
        assertThat(fieldNames(log.get("summary"))).containsExactly("total_attempts", "succeeded_count",
                "failed_count", "dry_run_count", "interrupted_count", "started_count");
        assertThat(log.get("summary").get("total_attempts").asInt()).isEqualTo(2);
        assertThat(log.get("summary").get("failed_count").asInt()).isEqualTo(1);
        JsonNode first = log.get("attempts").get(0);
        assertThat(fieldNames(first)).containsExactly("namespace", "task", "id", "fingerprint", "number", "container",
                "container_id", "action", "policy", "argv", "user", "dry_run", "started_at", "finished_at", "result",
                "exit_code", "output", "message");
        assertThat(first.get("number").asInt()).isEqualTo(1);
        assertThat(first.get("result").asText()).isEqualTo("Failed");
        assertThat(first.get("exit_code").asInt()).isEqualTo(2);
        assertThat(first.get("argv")).extracting(JsonNode::asText).containsExactly("psql", "-c", "VACUUM");
        assertThat(log.get("attempts").get(1).get("started_at").asText()).isEqualTo("2026-12-02T09:20:00Z");
    }

    @Test
    void theAuditReportAndPlanHaveTheScansFieldsThenNamespaceTaskAndPhase() throws IOException {
        writer.write(report(), dir, LearningsFormat.XML);

        JsonNode audit = JSON.readTree(dir.resolve("docker_audit_report.json").toFile());
        assertThat(fieldNames(audit.get("summary"))).containsExactly("total_issues", "critical_count", "high_count",
                "medium_count", "low_count", "containers_analyzed", "containers_with_issues", "lines_scanned",
                "open_count");
        assertThat(audit.get("summary").get("containers_analyzed").isNull()).isTrue();
        JsonNode issue = audit.get("issues").get(0);
        assertThat(fieldNames(issue)).containsExactly("id", "fingerprint", "container", "container_id", "image",
                "service", "severity", "issue_type", "source", "template", "log_excerpt", "occurrences", "first_seen",
                "last_seen", "suggested_action", "fix", "priority", "namespace", "task", "phase");
        assertThat(issue.get("log_excerpt").asText()).isEqualTo(HOSTILE);
        assertThat(issue.get("service").asText()).isEqualTo("db");
        assertThat(issue.get("priority").asInt()).isEqualTo(1);

        JsonNode plan = JSON.readTree(dir.resolve("remediation_plan.json").toFile());
        assertThat(plan.get("summary").get("automatic_count").asInt()).isEqualTo(1);
        assertThat(fieldNames(plan.get("automatic").get(0))).containsExactly("priority", "id", "fingerprint",
                "severity", "issue_type", "container", "fix", "suggested_action", "log_excerpt", "namespace", "task",
                "phase");
    }

    @Test
    void progressIsOneLinePerStepInTimeOrderWithMessagesEscaped() throws IOException {
        writer.write(report(), dir, LearningsFormat.XML);

        List<String> lines = Files.readAllLines(dir.resolve("remediation_progress.log"));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("2026-12-02T09:00:00Z namespace=shop task=shop-1a2b3c4d5e phase=Open "
                + "reason=IssueDetected actor=dockmedic-operator message=\"HIGH database issue in shop/db\"");
        assertThat(lines.get(1)).startsWith("2026-12-02T09:15:00Z ").contains("reason=RemediationStarted");
        assertThat(lines.get(2)).startsWith("2026-12-02T09:20:02Z ")
                .endsWith("message=\"line one\\nline two ERROR <script>alert(\\\"x\\\")</script> & 'y' > "
                        + "z\\u0000\\u0007\\u001b[2J\\r\\n\\tend\ud800!\"".replace("\ud800", "?"));
    }

    @Test
    void writingAgainReplacesTheFilesAndLeavesNoTemporaryFile() throws IOException {
        writer.write(report(), dir, LearningsFormat.XML);
        Files.writeString(dir.resolve("remediation_log.json"), "stale");
        writer.write(report(), dir, LearningsFormat.XML);

        assertThat(Files.readString(dir.resolve("remediation_log.json"))).startsWith("{");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void anOutputThatIsAFileIsAClearErrorAndWritesNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");

        assertThatThrownBy(() -> writer.write(report(), file, LearningsFormat.XML))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot create the output folder " + file.resolve("learnings"));
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
