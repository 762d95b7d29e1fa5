package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.core.task.TaskPlanner;
import io.dockmedic.core.task.TaskStoreContract;
import io.dockmedic.local.LocalTaskStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dockmedic tasks --state DIR}: the agent protocol on a local state directory, without an API server. */
class LocalTasksCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private LocalTaskStore store;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void twoOpenTasks() {
        store = LocalTaskStore.openOrCreate(dir, warnings::add, Clock.systemUTC());
        open("shop-db-1", Severity.CRITICAL);
        open("shop-web-2", Severity.LOW);
    }

    private void open(String name, Severity severity) {
        StoredTask made = store.create(name, Map.of(TaskPlanner.LABEL_AUDIT, "shop"), TaskStoreContract.OWNER,
                TaskStoreContract.spec("fp-" + name));
        store.patchStatus(name, made.version(), new RemediationTaskStatus.Builder().phase(TaskPhase.Open)
                .severity(severity).occurrences(4L).lastSeen("2026-12-03T00:00:00Z").build(), Set.of());
    }

    private CommandRun run(int expected, String... args) {
        CommandRun cli = new CommandRun();
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--state", dir.toString()));
        int code = cli.execute(line.toArray(String[]::new));
        assertThat(code).as(String.join(" ", args) + ": " + cli.err()).isEqualTo(expected);
        return cli;
    }

    @Test
    void anAgentClaimsRenewsAndResolvesTheMostUrgentTaskInTheStateDirectory() throws IOException {
        CommandRun next = run(0, "tasks", "next", "--agent", "agent-a", "--note", "looking");
        JsonNode handoff = JSON.readTree(next.out());
        assertThat(handoff.get("name").asText()).isEqualTo("shop-db-1");
        assertThat(handoff.get("phase").asText()).isEqualTo("Claimed");
        assertThat(handoff.has("namespace")).as("local tasks have no namespace").isFalse();
        assertThat(handoff.get("claim").get("agent").asText()).isEqualTo("agent-a");
        assertThat(next.err()).isEmpty();

        CommandRun refused = run(1, "tasks", "claim", "shop-db-1", "--agent", "agent-b");
        assertThat(refused.err()).startsWith("dockmedic tasks claim: task shop-db-1 is claimed by agent-a until ")
                .hasLineCount(1);
        assertThat(run(1, "tasks", "resolve", "shop-db-1", "--agent", "agent-b", "--summary", "x").err())
                .contains("claimed by agent-a, not by agent-b");

        assertThat(run(0, "tasks", "renew", "shop-db-1", "--agent", "agent-a", "--lease", "1h").out())
                .startsWith("shop-db-1: claimed by agent-a until ");
        assertThat(run(0, "tasks", "resolve", "shop-db-1", "--agent", "agent-a", "--summary", "raised the pool",
                "--change", "db.conf", "--learning", "pool too small").out()).startsWith("shop-db-1: Fixed;");

        JsonNode file = JSON.readTree(dir.resolve("tasks/shop-db-1.json").toFile());
        assertThat(file.get("status").get("phase").asText()).isEqualTo("Fixed");
        assertThat(file.get("status").get("resolution").get("summary").asText()).isEqualTo("raised the pool");
        assertThat(file.get("metadata").get("resourceVersion").asText()).as("create, open, claim, renew, resolve")
                .isEqualTo("5");
        assertThat(JSON.readTree(run(0, "tasks", "get", "shop-db-1").out()).get("phase").asText()).isEqualTo("Fixed");
    }

    @Test
    void releaseGivesTheTaskBackAndNextExitsThreeWhenNothingIsClaimable() {
        run(0, "tasks", "next", "--agent", "agent-a");
        run(0, "tasks", "next", "--agent", "agent-b");
        CommandRun none = run(3, "tasks", "next", "--agent", "agent-c");
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEmpty();

        assertThat(run(0, "tasks", "release", "shop-web-2", "--agent", "agent-b", "--reason", "not mine").out())
                .isEqualTo("shop-web-2: released, Open" + System.lineSeparator());
        assertThat(run(0, "tasks", "next", "--agent", "agent-c").out()).contains("\"shop-web-2\"");
    }

    @Test
    void theListShowsTheStateDirectorysTasksMostUrgentFirst() {
        run(0, "tasks", "claim", "shop-web-2", "--agent", "agent-z");
        List<String> lines = run(0, "tasks", "list").out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("NAME +SEVERITY +PHASE +COUNT +CONTAINER +ISSUE +LAST-SEEN +AGE");
        assertThat(lines.get(1)).startsWith("shop-db-1 ").contains("CRITICAL", "Open");
        assertThat(lines.get(2)).startsWith("shop-web-2 ").contains("Claimed").matches(".* \\d+s$");
        assertThat(run(0, "tasks", "list", "-o", "wide").out().lines().toList().get(2)).contains("agent-z");
        // The AGE column may tick between the two runs; the rest must be the same.
        assertThat(run(0, "tasks", "list", "-A").out().lines().map(l -> l.replaceFirst("\\d+s$", "")).toList())
                .as("one scope: -A is the same").isEqualTo(lines.stream().map(l -> l.replaceFirst("\\d+s$", "")).toList());

        CommandRun none = run(0, "tasks", "list", "--phase", "Regressed");
        assertThat(none.err()).isEqualTo("No tasks found in state directory " + dir + "." + System.lineSeparator());
    }

    @Test
    void describeShowsAStateDirectorysTaskAsKubectlDescribeWould() {
        run(0, "tasks", "claim", "shop-web-2", "--agent", "agent-z", "--note", "looking");
        String text = run(0, "tasks", "describe", "shop-web-2").out();
        assertThat(text).startsWith("Name:         shop-web-2\nNamespace:    \nLabels:       ")
                .contains("Kind:         RemediationTask\n", "  Creation Timestamp:  ", "  Claim:\n",
                        "    Agent:       agent-z\n", "    Note:        looking\n", "  Phase:        Claimed\n")
                .containsPattern("\nEvents: +<not kept in the task store; in a cluster: kubectl describe issue "
                        + "shop-web-2>\n$");
        assertThat(run(1, "tasks", "describe", "no-such-task").err()).contains("no-such-task");
    }

    @Test
    void aMissingTaskIsExitOneNamingTheStateDirectory() {
        assertThat(run(1, "tasks", "get", "nope").err())
                .isEqualTo("dockmedic tasks get: task nope not found in state directory " + dir
                        + System.lineSeparator());
    }

    @Test
    void aCorruptTaskFileIsAWarningInTheListAndAnErrorNamingItsPathOnGet() throws IOException {
        Path file = dir.resolve("tasks/shop-web-2.json");
        Files.writeString(file, "{\"apiVersion\": \"dockmedic.io/v1alpha1\", \"kind\": \"Remedi");

        CommandRun list = run(0, "tasks", "list");
        assertThat(list.out()).contains("shop-db-1").doesNotContain("shop-web-2");
        assertThat(list.err()).startsWith("dockmedic tasks list: warning: skipped: the task file " + file
                + " does not parse (").hasLineCount(1);
        CommandRun get = run(1, "tasks", "get", "shop-web-2");
        assertThat(get.err()).startsWith("dockmedic tasks get: cannot get remediationtasks: the task file " + file)
                .hasLineCount(1);
        assertThat(Files.readString(file)).endsWith("\"Remedi");
    }

    @Test
    void aMissingStateDirectoryIsOneLineAndExitCodeTwo() {
        Path missing = dir.resolve("nowhere");
        for (String verb : List.of("list", "next", "get", "claim", "renew", "release", "resolve")) {
            List<String> line = new ArrayList<>(List.of("tasks", verb));
            if (!verb.equals("list") && !verb.equals("next")) {
                line.add("x");
            }
            if (!verb.equals("list") && !verb.equals("get")) {
                line.addAll(List.of("--agent", "a"));
            }
            if (verb.equals("resolve")) {
                line.addAll(List.of("--summary", "s"));
            }
            line.addAll(List.of("--state", missing.toString()));
            CommandRun cli = new CommandRun();
            assertThat(cli.execute(line.toArray(String[]::new))).as(verb).isEqualTo(2);
            assertThat(cli.err()).isEqualTo("dockmedic tasks " + verb + ": the state directory " + missing
                    + " does not exist" + System.lineSeparator());
            assertThat(cli.out()).isEmpty();
        }
        assertThat(missing).doesNotExist();
    }

    @Test
    void kubernetesOptionsWithAStateDirectoryAreAUsageError() {
        CommandRun cli = run(2, "tasks", "list", "-n", "shop");
        assertThat(cli.err()).isEqualTo("dockmedic tasks list: --namespace cannot be used with --state or "
                + "$DOCKMEDIC_STATE: local tasks are not on a Kubernetes API server (unset DOCKMEDIC_STATE to use the "
                + "kubeconfig)" + System.lineSeparator());
        assertThat(run(2, "tasks", "next", "--agent", "a", "--kubeconfig", "/k").err()).contains("--kubeconfig");
    }

    @Test
    void mcpWithAMissingStateDirectoryIsOneLineAndExitCodeTwo() {
        CommandRun cli = new CommandRun();
        Path missing = dir.resolve("nowhere");
        assertThat(cli.execute("mcp", "--agent", "a", "--state", missing.toString())).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("dockmedic mcp: the state directory " + missing + " does not exist"
                + System.lineSeparator());
    }
}
