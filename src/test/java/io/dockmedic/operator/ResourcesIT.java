package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.issue.IssueSource;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditSpec;
import io.dockmedic.operator.api.LogAuditStatus;
import io.dockmedic.operator.api.RemediationTask;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.audit.AuditStatusBuilder;
import io.dockmedic.audit.ScanSummary;
import io.dockmedic.operator.task.IssueEvents;
import io.dockmedic.core.task.ScanMark;
import io.dockmedic.core.task.TaskLifecycle;
import io.dockmedic.core.task.TaskPlanner;
import io.dockmedic.core.task.TaskWork;
import io.dockmedic.core.task.TaskWriter;
import io.dockmedic.operator.task.KubernetesTaskStore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The resources against a real kube-apiserver: schema defaults and validation, the status shared by
 * operator and agents, and what kubectl shows.
 */
class ResourcesIT extends WithApiServer {


    @Test
    void aLogAuditWithoutSettingsGetsTheDocumentedDefaults() {
        String ns = api.namespace("dmop-defaults");
        LogAudit created = client.resources(LogAudit.class).inNamespace(ns).resource(audit("plain", ns, "{}")).create();

        LogAuditSpec spec = created.getSpec();
        assertThat(spec.dockerHost()).as("unset: the operator's own engine").isNull();
        assertThat(spec.interval()).isEqualTo("30s");
        assertThat(spec.since()).isEqualTo("24h");
        assertThat(spec.resolveAfter()).isEqualTo("1h");
        assertThat(spec.minSeverity()).isEqualTo(Severity.LOW);
    }

    @Test
    void invalidSpecsAreRejectedByTheSchemaNamingTheFieldAndWhatIsAllowed() {
        String ns = api.namespace("dmop-invalid");
        assertRejected(ns, "{\"interval\":\"30 seconds\"}", "spec.interval", "should match");
        assertRejected(ns, "{\"since\":\"yesterday\"}", "spec.since", "should match");
        assertRejected(ns, "{\"minSeverity\":\"SEVERE\"}", "spec.minSeverity", "Unsupported value: \"SEVERE\"");
        assertRejected(ns, "{\"dockerHost\":\"docker.example:2375\"}", "spec.dockerHost", "should match");
        assertRejected(ns, "{\"rules\":[{\"id\":\"Bad Id\",\"pattern\":\"x\",\"severity\":\"HIGH\"}]}",
                "spec.rules[0].id", "should match");
        assertRejected(ns, "{\"rules\":[{\"id\":\"no-pattern\",\"severity\":\"HIGH\"}]}",
                "spec.rules[0].pattern", "Required value");
        assertRejected(ns, "{\"overrides\":[{\"severity\":\"LOW\"}]}",
                "spec.overrides[0]", "an override needs at least one of rule, issueType, templateContains or "
                        + "templatePattern");
        assertThat(client.resources(LogAudit.class).inNamespace(ns).list().getItems()).isEmpty();
    }

    @Test
    void kubectlRejectsAnInvalidLogAuditWithAMessageAPersonCanAct() {
        String ns = api.namespace("dmop-kubectl-invalid");
        String manifest = "apiVersion: dockmedic.io/v1alpha1\nkind: LogAudit\nmetadata:\n  name: typo\n"
                + "spec:\n  interval: 5 minutes\n";
        String answer = apply(ns, manifest);
        assertThat(answer).contains("The LogAudit \"typo\" is invalid")
                .contains("spec.interval: Invalid value: \"5 minutes\"");
    }

    @Test
    void kubectlExplainDescribesTheSpecFields() {
        String output = api.kubectl("explain", "logaudit.spec");

        assertThat(output).contains("What to scan and how")
                .contains("interval").contains("Time between scans")
                .contains("selector").contains("Which containers to scan")
                .contains("minSeverity").contains("resolveAfter").contains("tlsSecretRef");
        assertThat(api.kubectl("explain", "issue.status.claim")).contains("Written by agents; the operator");
    }

    @Test
    void tasksAreListedByKubectlGetIssuesWithTheirColumns() {
        String ns = api.namespace("dmop-get-issues");
        LogAudit audit = createAudit("shop", ns);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
        List<TaskWork> written = writeScan(audit, List.of(
                issue("fp-db", Severity.HIGH, Category.DATABASE, "password authentication failed for user <*>", 3, t0),
                issue("fp-oom", Severity.CRITICAL, Category.MEMORY, "container was killed for exceeding its memory "
                        + "limit (OOMKilled)", 1, t0)), new ScanMark(1, t0.plusSeconds(60)));
        String dbTask = written.stream().filter(w -> w.found().fingerprint().equals("fp-db")).findFirst()
                .orElseThrow().name();

        String table = api.kubectl("get", "issues", "-n", ns);
        assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("NAME", "SEVERITY", "PHASE", "COUNT", "CONTAINER", "ISSUE", "LAST-SEEN", "AGE");
        assertThat(table).containsPattern(dbTask + "\\s+HIGH\\s+Open\\s+3\\s+shop/db\\s+database\\s+2m")
                .containsPattern("shop-\\w+\\s+CRITICAL\\s+Open\\s+1\\s+shop/db\\s+memory");

        String wide = api.kubectl("get", "issues", "-n", ns, "-o", "wide");
        assertThat(wide.lines().findFirst().orElseThrow()).contains("PRIORITY", "AGENT", "TEMPLATE");
        assertThat(wide).contains("password authentication failed for user <*>");

        assertThat(api.kubectl("get", "issues", "-n", ns, "-l", "dockmedic.io/severity=CRITICAL", "-o", "name"))
                .contains("remediationtask.dockmedic.io/shop-").doesNotContain(dbTask);

        String described = api.kubectl("describe", "issue", dbTask, "-n", ns);
        assertThat(described).contains("Name:         " + dbTask)
                .contains("Fingerprint:", "fp-db")
                .contains("Phase:", "Open")
                .contains("Occurrences:", "3")
                .contains("Suggested Action:", "Check the credentials")
                .contains("Last Sample:", "FATAL: password authentication failed")
                .containsPattern("Warning\\s+IssueDetected\\s+.*dockmedic-operator\\s+HIGH database issue in shop/db");
    }

    @Test
    void anAgentsClaimAndPhaseSurviveTheOperatorsNextWrite() {
        String ns = api.namespace("dmop-agent");
        LogAudit audit = createAudit("shop", ns);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        TaskPlanner planner = planner(audit);
        List<TaskWork> first = writer(audit).write(planner, planner.plan(List.of(),
                List.of(issue("fp-db", Severity.HIGH, Category.DATABASE, "deadlock detected", 3, t0)),
                Set.of(), new ScanMark(1, t0), t0), new ScanMark(1, t0), t0);
        String name = first.get(0).name();
        RemediationTask readBeforeTheAgent = tasks(ns).withName(name).get();

        String agentSays = api.kubectl("patch", "issue", name, "-n", ns, "--subresource=status", "--type=merge",
                "-p", "{\"status\":{\"phase\":\"Claimed\",\"claim\":{\"agent\":\"agent-7\",\"note\":\"on it\"}}}");
        assertThat(agentSays).contains("patched");

        // The operator decides from the copy it read before the agent wrote: its conditional write gets a 409,
        // it reads again, decides again and writes only its own fields.
        Instant t1 = t0.plusSeconds(30);
        ScanMark second = new ScanMark(2, t1);
        writer(audit).write(planner, planner.plan(List.of(KubernetesTaskStore.stored(readBeforeTheAgent)),
                List.of(issue("fp-db", Severity.HIGH, Category.DATABASE, "deadlock detected", 2, t1)), Set.of(), second,
                t1),
                second, t1);

        RemediationTask after = tasks(ns).withName(name).get();
        assertThat(after.getStatus().phase()).isEqualTo(TaskPhase.Claimed);
        assertThat(after.getStatus().claim().agent()).isEqualTo("agent-7");
        assertThat(after.getStatus().claim().note()).isEqualTo("on it");
        assertThat(after.getStatus().occurrences()).isEqualTo(5);
        assertThat(after.getStatus().appliedScan().sequence()).isEqualTo(2);
        assertThat(after.getMetadata().getLabels()).containsEntry("dockmedic.io/phase", "Claimed");
        assertThat(after.getMetadata().getManagedFields()).extracting("manager")
                .contains("dockmedic-operator", "kubectl-patch");
    }

    @Test
    void aScanWrittenTwiceCountsOnce() {
        String ns = api.namespace("dmop-replay");
        LogAudit audit = createAudit("shop", ns);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        ScanMark scan = new ScanMark(1, t0);
        List<Issue> found = List.of(issue("fp-db", Severity.HIGH, Category.DATABASE, "deadlock detected", 4, t0));
        TaskPlanner planner = planner(audit);
        writer(audit).write(planner, planner.plan(List.of(), found, Set.of(), scan, t0), scan, t0);

        List<RemediationTask> fresh = tasks(ns).list().getItems();
        writer(audit).write(planner, planner.plan(fresh.stream().map(KubernetesTaskStore::stored).toList(), found, Set.of(), scan, t0.plusSeconds(5)), scan, t0.plusSeconds(5));

        assertThat(tasks(ns).list().getItems()).singleElement()
                .satisfies(t -> assertThat(t.getStatus().occurrences()).isEqualTo(4));
    }

    @Test
    void logAuditsShowTheirStateInKubectlGet() {
        String ns = api.namespace("dmop-get-audits");
        LogAudit audit = createAudit("shop", ns);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        List<TaskWork> written = writeScan(audit, List.of(
                issue("fp-db", Severity.HIGH, Category.DATABASE, "deadlock detected", 3, t0)), new ScanMark(1, t0));
        LogAuditStatus status = AuditStatusBuilder.from(audit, t0)
                .scanned("unix:///var/run/docker.sock", new ScanSummary(new ScanMark(1, t0), 4, 1, 1200, List.of(),
                        List.of(), null))
                .tasks(written)
                .build();
        audit.setStatus(status);
        client.resources(LogAudit.class).inNamespace(ns).resource(audit).patchStatus();

        String table = api.kubectl("get", "logaudits", "-n", ns);
        assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("NAME", "READY", "CONTAINERS", "CRITICAL", "HIGH", "OPEN", "LAST-SCAN", "AGE");
        assertThat(table).containsPattern("shop\\s+True\\s+4\\s+0\\s+1\\s+1\\s+3\\ds");
        assertThat(api.kubectl("get", "audit", "-n", ns, "-o", "wide")).contains("Scanned 4 containers.");
    }

    private static void assertRejected(String ns, String specJson, String field, String explanation) {
        // Sent as raw JSON: values the Java types cannot even hold must reach the server too.
        String json = "{\"apiVersion\":\"dockmedic.io/v1alpha1\",\"kind\":\"LogAudit\","
                + "\"metadata\":{\"name\":\"bad\",\"namespace\":\"" + ns + "\"},\"spec\":" + specJson + "}";
        assertThatThrownBy(() -> client.resource(json).create())
                .as("spec %s", specJson)
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains(field).contains(explanation);
                });
    }

    private static String apply(String ns, String manifest) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("dmop-audit", ".yaml");
            java.nio.file.Files.writeString(file, manifest);
            return api.kubectl("apply", "-n", ns, "-f", file.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static LogAudit audit(String name, String ns, String specJson) {
        LogAudit audit = new LogAudit();
        audit.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        audit.setSpec(client.getKubernetesSerialization().unmarshal(specJson, LogAuditSpec.class));
        return audit;
    }

    private static LogAudit createAudit(String name, String ns) {
        return client.resources(LogAudit.class).inNamespace(ns).resource(audit(name, ns, "{}")).create();
    }

    private static List<TaskWork> writeScan(LogAudit audit, List<Issue> found, ScanMark scan) {
        TaskPlanner planner = planner(audit);
        return writer(audit).write(planner, planner.plan(List.of(), found, Set.of(), scan, scan.windowEnd()), scan,
                scan.windowEnd());
    }

    private static TaskPlanner planner(LogAudit audit) {
        return new TaskPlanner(audit.getMetadata().getName(), audit.getMetadata().getUid(),
                new TaskLifecycle(Duration.ofHours(1)));
    }

    private static TaskWriter writer(LogAudit audit) {
        String ns = audit.getMetadata().getNamespace();
        return new TaskWriter(KubernetesTaskStore.forOperator(client, ns),
                new IssueEvents(client, Clock.systemUTC(), "it").tasksIn(ns));
    }

    private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<RemediationTask,
            io.fabric8.kubernetes.api.model.KubernetesResourceList<RemediationTask>,
            io.fabric8.kubernetes.client.dsl.Resource<RemediationTask>> tasks(String ns) {
        return client.resources(RemediationTask.class).inNamespace(ns);
    }

    private static Issue issue(String fingerprint, Severity severity, Category category, String template,
            long occurrences, Instant at) {
        return new Issue(fingerprint, "shop/db", "shop-db-1", "c0ffee", "postgres:16", "db", severity, category,
                IssueSource.LOG, template, "FATAL: password authentication failed for user \"app\"",
                "FATAL: password authentication failed for user \"app\"", occurrences, at, at, "db.auth-failed",
                "Check the credentials", FixKind.AGENT, 1);
    }
}
