package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import io.dockmedic.audit.AuditStatusBuilder;
import io.dockmedic.core.task.Condition;
import io.dockmedic.core.task.ConditionStatus;
import io.dockmedic.docker.DockerFixture;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditStatus;
import io.dockmedic.operator.api.RemediationTask;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container whose log holds more distinct errors than one scan's issue ledger keeps (10,000): the operator's
 * scan completes, and the LogAudit's status says it was truncated and what was dropped.
 */
class TruncatedScanIT extends WithOperator {

    private static final int LINES = 11_000;

    @TempDir
    Path dir;

    private final DockerFixture docker = new DockerFixture();
    private DockmedicOperator operator;

    @AfterEach
    void stopOperatorAndRemoveContainers() {
        if (operator != null) {
            operator.close();
        }
        docker.close();
    }

    @Test
    void aScanPastTheLedgersCapShowsTruncatedAndWhatItDroppedInTheAuditsStatus() throws IOException {
        String ns = api.namespace("dmhostile-truncated");
        Path lines = dir.resolve("lines.txt");
        writeDistinctErrors(lines);
        String container = "dmhostile-distinct-" + shortId();
        docker.run(container, cmd -> cmd.withHostConfig(HostConfig.newHostConfig()
                .withBinds(new Bind(lines.toString(), new Volume("/lines.txt")))), "sh", "-c",
                "cat /lines.txt; exec sleep 3600");
        docker.awaitLogNewlines(docker.inspect(container).getId(), LINES);
        operator = startOperator(ns, "truncated-1");
        createAudit(ns, "distinct", "{\"selector\":{\"names\":[\"" + container + "\"]},\"interval\":\"10m\"}");

        await().atMost(Duration.ofMinutes(3)).until(() -> scans(ns, "distinct") >= 1);
        LogAuditStatus status = client.resources(LogAudit.class).inNamespace(ns).withName("distinct").get().getStatus();
        assertThat(status.truncated()).isTrue();
        assertThat(status.dropped().reason()).contains("the issue ledger is full");
        assertThat(status.dropped().issuesKept()).isPositive();
        assertThat(status.dropped().newIssues()).isPositive();
        Condition degraded = Condition.find(status.conditions(), AuditStatusBuilder.DEGRADED);
        assertThat(degraded.status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(degraded.reason()).as(degraded.message()).isEqualTo("ScanTruncated");
        assertThat(Condition.find(status.conditions(), AuditStatusBuilder.READY).status())
                .isEqualTo(ConditionStatus.TRUE);
        long counted = client.resources(RemediationTask.class).inNamespace(ns).list().getItems().stream()
                .mapToLong(t -> t.getStatus().occurrences()).sum();
        System.out.printf("figure: %,d distinct ERROR lines in one container: truncated, %,d issues kept, %,d occurrences "
                + "of %,d new issues dropped, %,d counted in tasks; Degraded: %s%n", LINES,
                status.dropped().issuesKept(), status.dropped().occurrences(), status.dropped().newIssues(), counted,
                degraded.message());
        assertThat(counted + status.dropped().occurrences()).as("every line counted in a task or dropped")
                .isEqualTo(LINES);
    }

    /** Lines whose words are random letters: nothing to mask, so every line is its own template and issue. */
    private static void writeDistinctErrors(Path file) throws IOException {
        Random random = new Random(42);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < LINES; i++) {
                out.write("ERROR " + word(random) + " " + word(random) + " failed: " + word(random) + " "
                        + word(random) + " " + word(random) + " refused by " + word(random) + "\n");
            }
        }
    }

    private static String word(Random random) {
        char[] w = new char[4 + random.nextInt(6)];
        for (int k = 0; k < w.length; k++) {
            w[k] = (char) ('a' + random.nextInt(26));
        }
        return new String(w);
    }
}
