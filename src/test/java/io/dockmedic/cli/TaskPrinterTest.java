package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.agents.AgentTasks.Listed;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.task.Claim;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.Resolution;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.core.task.TaskStoreContract;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The person's view of tasks: kubectl's columns, ages, labels and alignment, without kubectl. */
class TaskPrinterTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static Listed task(String name, String ns, Severity severity, TaskPhase phase, String lastSeen,
            String createdAt, Claim claim) {
        RemediationTaskStatus status = new RemediationTaskStatus.Builder().phase(phase).severity(severity)
                .occurrences(12L).lastSeen(lastSeen).claim(claim).build();
        return new Listed(new StoredTask(name, "uid-" + name, "7", 1, Map.of("dockmedic.io/audit", "shop"), null,
                TaskStoreContract.spec("fp-" + name), status, createdAt), ns);
    }

    @Test
    void theTableHasTheCrdsPrinterColumnsWithKubectlsAgesAndWidths() {
        Listed claimed = task("shop-db-1a2b", "shop", Severity.HIGH, TaskPhase.Claimed, "2026-03-01T11:55:00Z",
                "2026-02-20T12:00:00Z", new Claim("agent-a", null, null, null));
        Listed open = task("web-9f", "web", Severity.LOW, TaskPhase.Open, "2026-02-27T12:00:00Z", null, null);

        assertThat(TaskPrinter.table(List.of(claimed, open), false, true, NOW).lines()).containsExactly(
                "NAMESPACE   NAME           SEVERITY   PHASE     COUNT   CONTAINER   ISSUE      LAST-SEEN   AGE",
                "shop        shop-db-1a2b   HIGH       Claimed   12      shop/db     database   5m          9d",
                "web         web-9f         LOW        Open      12      shop/db     database   2d          ");
        assertThat(TaskPrinter.table(List.of(claimed), true, false, NOW).lines().findFirst().orElseThrow())
                .isEqualTo("NAME           SEVERITY   PHASE     COUNT   CONTAINER   ISSUE      LAST-SEEN   AGE   "
                        + "PRIORITY   AGENT     TEMPLATE");
    }

    @Test
    void agesAreApimachinerysHumanDuration() {
        long[][] cases = {{0, 0}, {119, 0}, {120, 0}, {330, 0}, {600, 0}, {179 * 60, 0}, {3 * 3600, 0},
            {7 * 3600 + 59 * 60, 0}, {8 * 3600, 0}, {47 * 3600, 0}, {48 * 3600, 0}, {7 * 86400 + 23 * 3600, 0},
            {8 * 86400, 0}, {729 * 86400, 0}, {730 * 86400 + 86400, 0}, {9 * 365 * 86400, 0}};
        List<String> expected = List.of("0s", "119s", "2m", "5m30s", "10m", "179m", "3h", "7h59m", "8h", "47h", "2d",
                "7d23h", "8d", "729d", "2y1d", "9y");
        for (int i = 0; i < cases.length; i++) {
            assertThat(TaskPrinter.humanDuration(Duration.ofSeconds(cases[i][0]))).isEqualTo(expected.get(i));
        }
        assertThat(TaskPrinter.humanDuration(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    }

    @Test
    void fieldNamesBecomeKubectlsLabels() {
        assertThat(TaskPrinter.smartLabel("lastTransitionTime")).isEqualTo("Last Transition Time");
        assertThat(TaskPrinter.smartLabel("apiVersion")).isEqualTo("API Version");
        assertThat(TaskPrinter.smartLabel("uid")).isEqualTo("UID");
        assertThat(TaskPrinter.smartLabel("containerId")).isEqualTo("Container Id");
        assertThat(TaskPrinter.smartLabel("previousFixes")).isEqualTo("Previous Fixes");
        assertThat(TaskPrinter.smartLabel("sha256")).as("digits keep the field as it is").isEqualTo("sha256");
        assertThat(TaskPrinter.camelCaseSplit("PDFLoader")).containsExactly("PDF", "Loader");
    }

    @Test
    void tabbedAlignsRunsOfTabbedLinesAsGosTabwriter() {
        assertThat(TaskPrinter.tabbed("a:\tx\nlonger:\ty\nBlock:\n  c:\tz\n", 0, 2))
                .isEqualTo("a:       x\nlonger:  y\nBlock:\n  c:  z\n");
    }

    @Test
    void describeShowsLabelsSpecStatusAndLearningsAndSaysEventsAreNotKept() {
        Listed listed = task("shop-db-1a2b", "shop", Severity.HIGH, TaskPhase.Regressed, "2026-03-01T11:55:00Z",
                "2026-02-20T12:00:00Z", null);
        RemediationTaskStatus status = listed.task().status().toBuilder().previousFixes(List.of(new Resolution(
                "agent-b", "2026-02-28T10:00:00Z", "restarted the pool", List.of("ops/pool.yaml"),
                "restarting only hid it"))).build();
        StoredTask task = listed.task();
        String text = TaskPrinter.describe(new Listed(new StoredTask(task.name(), task.uid(), task.version(), 1,
                task.labels(), null, task.spec(), status, task.createdAt()), "shop"));

        assertThat(text).startsWith("""
                Name:         shop-db-1a2b
                Namespace:    shop
                Labels:       dockmedic.io/audit=shop
                Annotations:  <none>
                API Version:  dockmedic.io/v1alpha1
                Kind:         RemediationTask
                Metadata:
                  Creation Timestamp:  2026-02-20T12:00:00Z
                  Generation:          1
                  Resource Version:    7
                  UID:                 uid-shop-db-1a2b
                Spec:
                  Audit Ref:
                """);
        assertThat(text).contains("""
                  Previous Fixes:
                    At:  2026-02-28T10:00:00Z
                    By:  agent-b
                    Changes:
                      ops/pool.yaml
                    Learning:  restarting only hid it
                    Summary:   restarted the pool
                """);
        assertThat(text).contains("  Phase:        Regressed\n")
                .containsPattern("\n  Severity: +HIGH\nEvents: +<not kept in the task store; in a cluster: kubectl "
                        + "describe issue shop-db-1a2b>\n$");
    }
}
