package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.Main;
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
import io.dockmedic.core.task.TaskPlanner;
import io.dockmedic.core.task.TaskStore;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditSpec;
import io.dockmedic.operator.task.KubernetesTaskStore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import picocli.CommandLine;

/**
 * {@code dockmedic report} against a real kube-apiserver: tasks with attempts, history, resolutions and
 * previous fixes are created through the task store, the command lists them and writes the five files,
 * which are parsed and checked. The files of the first test stay in {@code target/report-it/} to read.
 */
class ReportCommandIT extends WithApiServer {

    /** Log text with everything that breaks naive XML or line-based files. */
    static final String HOSTILE = "FATAL: role \"app\" <admin> & 'ops' failed\u0000\u0007\r\nDETAIL: $(rm -rf /) `id`";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OUT = Path.of("target", "report-it");

    static String shop;
    static String other;
    static String restartTask;
    static String dbTask;
    static String runbookTask;

    @BeforeAll
    static void createTasks() {
        shop = api.namespace("dmrep-shop");
        other = api.namespace("dmrep-other");
        TaskStore store = KubernetesTaskStore.forOperator(client, shop);
        TaskStore.AuditOwner owner = owner(shop);

        restartTask = create(store, owner, "shop-3f1c9a7b2e", spec("3f1c9a7b2e6d4c10", "shop/worker", IssueSourceType.STATE,
                IssueType.CRASH, Severity.HIGH, "container exited with code <NUM>", FixType.RESTART),
                status(TaskPhase.Verifying, Severity.HIGH, 3, "2026-12-02T20:01:00Z", "2026-12-02T20:05:00Z",
                        "shop-worker-1", "exited with code 1 at 2026-12-02T20:05:00Z")
                        .attempts(List.of(
                                new FixAttempt(1, "restart", "restart", "shop-worker-1", "a1b2c3", null, null, false,
                                        "2026-12-02T20:01:05Z", "2026-12-02T20:01:07Z", FixResult.Failed, null, null,
                                        "the container exited again within 2s"),
                                new FixAttempt(2, "restart", "restart", "shop-worker-1", "a1b2c3", null, null, false,
                                        "2026-12-02T20:06:05Z", "2026-12-02T20:06:06Z", FixResult.Succeeded, null,
                                        null, "restarted")))
                        .history(List.of(
                                history("2026-12-02T20:01:00Z", TaskPhase.Open, "IssueDetected",
                                        "HIGH crash issue in shop/worker", "dockmedic-operator"),
                                history("2026-12-02T20:01:05Z", TaskPhase.Remediating, "RemediationStarted",
                                        "Attempt 1 (restart shop-worker-1)", "dockmedic-operator"),
                                history("2026-12-02T20:06:06Z", TaskPhase.Verifying, "RemediationSucceeded",
                                        "Attempt 2 (restart shop-worker-1) succeeded: restarted; verifying that the "
                                                + "issue stays away.", "dockmedic-operator")))
                        .resolution(new Resolution("dockmedic-operator", "2026-12-02T20:06:06Z",
                                "restart shop-worker-1 (attempt 2).", List.of(), null))
                        .build());

        dbTask = create(store, owner, "shop-c2f7fc2e72", spec("c2f7fc2e7249a5a3", "shop/db", IssueSourceType.LOG,
                IssueType.AUTHENTICATION, Severity.HIGH, "password authentication failed for user <*>", FixType.AGENT),
                status(TaskPhase.Regressed, Severity.CRITICAL, 12, "2026-12-01T09:00:00Z", "2026-12-02T20:10:00Z",
                        "shop-db-1", HOSTILE)
                        .history(List.of(
                                history("2026-12-01T09:00:00Z", TaskPhase.Open, "IssueDetected",
                                        "HIGH authentication issue in shop/db", "dockmedic-operator"),
                                history("2026-12-01T09:30:00Z", TaskPhase.Claimed, "Claimed",
                                        "claimed by agent-7", "agent-7"),
                                history("2026-12-01T10:00:00Z", TaskPhase.Fixed, "Fixed",
                                        "rotated the password\nand restarted the api", "agent-7"),
                                history("2026-12-02T20:10:00Z", TaskPhase.Regressed, "IssueRegressed",
                                        "happened again after the fix: " + HOSTILE, "dockmedic-operator")))
                        .previousFixes(List.of(new Resolution("agent-7", "2026-12-01T10:00:00Z",
                                "Rotated the app password and restarted the api.",
                                List.of("deploy/api-secret.yaml", "https://git.example/shop/pull/42"),
                                "The api read the old password from <env> & \"secrets\"; a log said: " + HOSTILE)))
                        .build());

        runbookTask = create(store, owner, "shop-9d0e4b6a1f", spec("9d0e4b6a1f2c3b4d", "shop/cache",
                IssueSourceType.LOG, IssueType.DISK, Severity.MEDIUM, "MISCONF Redis is configured to save RDB "
                        + "snapshots, but it's currently unable to persist to disk", FixType.EXEC),
                status(TaskPhase.Failed, Severity.MEDIUM, 4, "2026-12-02T19:50:00Z", "2026-12-02T20:03:00Z",
                        "shop-cache-1", "MISCONF Redis is configured to save RDB snapshots")
                        .attempts(List.of(
                                new FixAttempt(1, "exec", "runbook:redis-bgsave", "shop-cache-1", "d4e5f6",
                                        List.of("redis-cli", "BGSAVE"), "redis", true, "2026-12-02T19:50:10Z",
                                        "2026-12-02T19:50:10Z", FixResult.DryRun, null, null,
                                        "would run redis-cli BGSAVE as redis"),
                                new FixAttempt(2, "exec", "runbook:redis-bgsave", "shop-cache-1", "d4e5f6",
                                        List.of("redis-cli", "BGSAVE"), "redis", false, "2026-12-02T20:03:10Z",
                                        "2026-12-02T20:03:11Z", FixResult.Failed, 1,
                                        "(error) ERR Background save already in progress\n",
                                        "exit code 1, expected 0")))
                        .history(List.of(
                                history("2026-12-02T19:50:00Z", TaskPhase.Open, "IssueDetected",
                                        "MEDIUM disk issue in shop/cache", "dockmedic-operator"),
                                history("2026-12-02T20:03:10Z", TaskPhase.Remediating, "RemediationStarted",
                                        "Attempt 2 (exec redis-cli BGSAVE in shop-cache-1)", "dockmedic-operator"),
                                history("2026-12-02T20:03:11Z", TaskPhase.Failed, "RemediationFailed",
                                        "Attempt 2 (exec redis-cli BGSAVE in shop-cache-1) failed: exit code 1, "
                                                + "expected 0; handing the task to an agent.", "dockmedic-operator")))
                        .build());

        TaskStore otherStore = KubernetesTaskStore.forOperator(client, other);
        create(otherStore, owner(other), "billing-0a1b2c3d4e", spec("0a1b2c3d4e5f6071", "billing", IssueSourceType.LOG,
                IssueType.TIMEOUT, Severity.LOW, "request to <URL> timed out", FixType.AGENT),
                status(TaskPhase.Resolved, Severity.LOW, 2, "2026-11-30T08:00:00Z", "2026-11-30T08:05:00Z",
                        "billing", "request to http://pay.example/charge timed out")
                        .history(List.of(history("2026-11-30T08:00:00Z", TaskPhase.Open, "IssueDetected",
                                "LOW timeout issue in billing", "dockmedic-operator")))
                        .resolution(new Resolution("alice", "2026-11-30T09:00:00Z", "Raised the client timeout.",
                                List.of("billing/config.yaml"), "The payment provider takes up to 8 s at night."))
                        .build());
    }

    @Test
    void reportWritesTheFiveFilesOfANamespaceFromItsTasks() throws Exception {
        Run run = report("--output", OUT.toString(), "-n", shop, "--kubeconfig", api.kubeconfig().toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("3 tasks (3 need attention), 4 fix attempts, 10 steps, 1 learnings from "
                + "namespace dmrep-shop.");
        try (Stream<Path> files = Files.walk(OUT)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> OUT.relativize(p).toString()).sorted())
                    .containsExactly("docker_audit_report.json", "learnings/docker_remediation.xml",
                            "remediation_log.json", "remediation_plan.json", "remediation_progress.log");
        }

        JsonNode audit = JSON.readTree(OUT.resolve("docker_audit_report.json").toFile());
        assertThat(audit.get("summary").get("total_issues").asInt()).isEqualTo(3);
        assertThat(audit.get("summary").get("critical_count").asInt()).isEqualTo(1);
        assertThat(audit.get("summary").get("open_count").asInt()).isEqualTo(3);
        JsonNode issues = audit.get("issues");
        assertThat(issues).extracting(i -> i.get("task").asText()).containsExactly(dbTask, restartTask, runbookTask);
        JsonNode db = issues.get(0);
        assertThat(db.get("id").asText()).isEqualTo("DM-c2f7fc2e");
        assertThat(db.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(db.get("phase").asText()).isEqualTo("Regressed");
        assertThat(db.get("occurrences").asInt()).isEqualTo(12);
        assertThat(db.get("first_seen").asText()).isEqualTo("2026-12-01T09:00:00Z");
        assertThat(db.get("log_excerpt").asText()).isEqualTo(HOSTILE);
        assertThat(db.get("service").asText()).isEqualTo("db");
        assertThat(db.get("priority").asInt()).isEqualTo(1);

        JsonNode plan = JSON.readTree(OUT.resolve("remediation_plan.json").toFile());
        assertThat(plan.get("automatic")).extracting(s -> s.get("task").asText()).containsExactly(restartTask);
        assertThat(plan.get("agent")).extracting(s -> s.get("task").asText() + ":" + s.get("fix").asText())
                .as("the failed runbook is handed to an agent").containsExactly(dbTask + ":agent", runbookTask + ":agent");

        JsonNode log = JSON.readTree(OUT.resolve("remediation_log.json").toFile());
        assertThat(log.get("attempts")).extracting(a -> a.get("task").asText() + "#" + a.get("number").asInt() + " "
                        + a.get("result").asText())
                .containsExactly(runbookTask + "#1 DryRun", restartTask + "#1 Failed", runbookTask + "#2 Failed",
                        restartTask + "#2 Succeeded");
        JsonNode exec = log.get("attempts").get(2);
        assertThat(exec.get("argv")).extracting(JsonNode::asText).containsExactly("redis-cli", "BGSAVE");
        assertThat(exec.get("user").asText()).isEqualTo("redis");
        assertThat(exec.get("exit_code").asInt()).isEqualTo(1);
        assertThat(exec.get("output").asText()).isEqualTo("(error) ERR Background save already in progress\n");
        assertThat(log.get("attempts").get(0).get("dry_run").asBoolean()).isTrue();

        List<String> progress = Files.readAllLines(OUT.resolve("remediation_progress.log"));
        assertThat(progress).hasSize(10);
        assertThat(progress).extracting(line -> line.substring(0, line.indexOf(' ')))
                .isSortedAccordingTo(Comparator.naturalOrder());
        assertThat(progress.get(0)).isEqualTo("2026-12-01T09:00:00Z namespace=dmrep-shop task=" + dbTask
                + " phase=Open reason=IssueDetected actor=dockmedic-operator "
                + "message=\"HIGH authentication issue in shop/db\"");
        assertThat(progress).anySatisfy(line -> assertThat(line).contains("reason=Fixed actor=agent-7 "
                + "message=\"rotated the password\\nand restarted the api\""));
        assertThat(progress.get(9)).contains("reason=IssueRegressed", "\\u0000\\u0007\\r\\n");

        Document xml = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
                .parse(OUT.resolve("learnings/docker_remediation.xml").toFile());
        assertThat(xml.getElementsByTagName("entry").getLength()).isEqualTo(1);
        Element entry = (Element) xml.getElementsByTagName("entry").item(0);
        assertThat(text(entry, "task")).isEqualTo(dbTask);
        assertThat(text(entry, "kind")).isEqualTo("previous_fix");
        assertThat(text(entry, "by")).isEqualTo("agent-7");
        assertThat(text(entry, "learning")).isEqualTo("The api read the old password from <env> & \"secrets\"; a log "
                + "said: " + HOSTILE.replace('\u0000', '\ufffd').replace('\u0007', '\ufffd'));
        assertThat(entry.getElementsByTagName("change").item(1).getTextContent())
                .isEqualTo("https://git.example/shop/pull/42");
    }

    @Test
    void allNamespacesWithJsonLearningsListEveryTask(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Run run = report("--output", dir.toString(), "--all-namespaces", "--format", "json",
                "--kubeconfig", api.kubeconfig().toString());

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode audit = JSON.readTree(dir.resolve("docker_audit_report.json").toFile());
        assertThat(audit.get("issues")).extracting(i -> i.get("namespace").asText() + "/" + i.get("task").asText()
                + " " + i.get("priority").asInt())
                .containsExactly(shop + "/" + dbTask + " 1", shop + "/" + restartTask + " 2",
                        shop + "/" + runbookTask + " 3", other + "/billing-0a1b2c3d4e 0");
        JsonNode learnings = JSON.readTree(dir.resolve("learnings/docker_remediation.json").toFile());
        assertThat(learnings.get("learnings")).extracting(l -> l.get("namespace").asText() + " " + l.get("by").asText())
                .containsExactly(other + " alice", shop + " agent-7");
        assertThat(learnings.get("learnings").get(1).get("learning").asText()).endsWith(HOSTILE);
        assertThat(dir.resolve("learnings/docker_remediation.xml")).doesNotExist();
    }

    @Test
    void anOutputThatCannotBeWrittenIsOneLineAndExitCodeTwo(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "keep me");

        Run run = report("--output", file.toString(), "-n", shop, "--kubeconfig", api.kubeconfig().toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("dockmedic report: cannot create the output folder").doesNotContain("\n");
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void aNamespaceWithoutTasksGivesEmptyFiles(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        String empty = api.namespace("dmrep-empty");

        Run run = report("--output", dir.toString(), "-n", empty, "--kubeconfig", api.kubeconfig().toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(JSON.readTree(dir.resolve("docker_audit_report.json").toFile()).get("issues")).isEmpty();
        assertThat(JSON.readTree(dir.resolve("remediation_log.json").toFile()).get("attempts")).isEmpty();
        assertThat(Files.readString(dir.resolve("remediation_progress.log"))).isEmpty();
        assertThat(Files.readString(dir.resolve("learnings/docker_remediation.xml"))).contains("<learnings></learnings>");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run report(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("report"));
        all.addAll(List.of(args));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent();
    }

    private static TaskStore.AuditOwner owner(String ns) {
        LogAudit audit = new LogAudit();
        audit.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace(ns).build());
        audit.setSpec(client.getKubernetesSerialization().unmarshal("{}", LogAuditSpec.class));
        LogAudit created = client.resources(LogAudit.class).inNamespace(ns).resource(audit).create();
        return new TaskStore.AuditOwner(created.getMetadata().getName(), created.getMetadata().getUid());
    }

    private static String create(TaskStore store, TaskStore.AuditOwner owner, String name, RemediationTaskSpec spec,
            RemediationTaskStatus status) {
        StoredTask created = store.create(name, Map.of(TaskPlanner.LABEL_AUDIT, "shop"), owner, spec);
        store.patchStatus(name, created.version(), status, Set.of());
        return name;
    }

    private static RemediationTaskSpec spec(String fingerprint, String container, IssueSourceType source,
            IssueType type, Severity severity, String template, FixType fix) {
        return new RemediationTaskSpec(new AuditReference("shop"), fingerprint, container, source, type, severity,
                template, "rule." + type.name().toLowerCase(java.util.Locale.ROOT), "see the runbook", fix);
    }

    private static RemediationTaskStatus.Builder status(TaskPhase phase, Severity severity, long occurrences,
            String firstSeen, String lastSeen, String containerName, String sample) {
        return new RemediationTaskStatus.Builder().phase(phase).phaseSince(lastSeen).severity(severity)
                .occurrences(occurrences).firstSeen(firstSeen).lastSeen(lastSeen).containerName(containerName)
                .containerId("c0ffee" + containerName.length()).image("dockmedic-test/busybox").firstSample(sample)
                .lastSample(sample);
    }

    private static HistoryEntry history(String time, TaskPhase phase, String reason, String message, String actor) {
        return new HistoryEntry(time, phase, reason, message, actor);
    }
}
