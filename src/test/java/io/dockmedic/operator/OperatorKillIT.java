package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dockmedic.docker.DockerFixture;
import io.dockmedic.operator.api.RemediationTask;
import io.dockmedic.operator.docker.AuditAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped operator killed with SIGKILL again and again while a container logs three distinct errors and
 * the audit scans every second: however the kills fall (during a scan, between task writes and the status
 * write, while idle), every line is counted exactly once. 6 kills by default; {@code -Ddockmedic.kills=22}
 * for the full check.
 */
class OperatorKillIT extends WithOperator {

    private static final int KILLS = Integer.getInteger("dockmedic.kills", 6);
    private static final int PER_ERROR = 100;
    private static final List<String> ERRORS = List.of("ERROR deadlock detected while updating order",
            "ERROR connection to payment gateway refused for request", "FATAL could not write checkpoint segment");

    @TempDir
    Path dir;

    private final DockerFixture docker = new DockerFixture();
    private Process operator;

    @AfterEach
    void stopOperatorAndRemoveContainers() {
        if (operator != null) {
            operator.destroyForcibly();
        }
        docker.close();
    }

    @Test
    void killNineDuringScansNeverCountsALineTwiceOrLosesOne() throws Exception {
        String ns = api.namespace("dmhostile-kill");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        // The lines are written over about as long as the kills take, so kills land while there is work.
        long pauseMicros = KILLS * 8_000_000L / (PER_ERROR * ERRORS.size());
        StringBuilder script = new StringBuilder("i=1; while [ $i -le " + PER_ERROR + " ]; do ");
        for (String error : ERRORS) {
            script.append("echo \"").append(error).append(" $i\"; usleep ").append(pauseMicros).append("; ");
        }
        script.append("i=$((i+1)); done; exec sleep 3600");
        String container = "dmhostile-kill-" + shortId();
        docker.run(container, cmd -> cmd.withLabels(Map.of(AuditAccess.NAMESPACE_LABEL, ns)), "sh", "-c",
                script.toString());
        createAudit(ns, "killed", "{\"selector\":{\"names\":[\"" + container + "\"]},\"interval\":\"1s\"}");

        long firstScanMillis = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            long before = scans(ns, "killed");
            long started = System.nanoTime();
            operator = startJar(ns, kill);
            // Once this replica has completed a scan, the kill falls anywhere in the next ones (every second).
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                    .until(() -> scans(ns, "killed") > before);
            firstScanMillis += (System.nanoTime() - started) / 1_000_000;
            Thread.sleep(random.nextInt(2_500));
            operator.destroyForcibly(); // SIGKILL
            assertThat(operator.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        long scansWhileKilling = scans(ns, "killed");
        operator = startJar(ns, KILLS + 1);
        int lines = PER_ERROR * ERRORS.size();
        await().atMost(Duration.ofSeconds(120)).until(() -> occurrences(ns) >= lines);
        long settled = scans(ns, "killed");
        await().atMost(Duration.ofSeconds(30)).until(() -> scans(ns, "killed") >= settled + 3);

        List<RemediationTask> tasks = client.resources(RemediationTask.class).inNamespace(ns).list().getItems();
        System.out.printf("figure: %d kill -9 of the operator jar, each 0-2.5 s after its first completed scan "
                + "(seed %d; start to first scan %.1f s on average; %d scans completed while killing): %d tasks, "
                + "occurrences %s, total %d of %d lines%n", KILLS, seed, firstScanMillis / 1000.0 / KILLS,
                scansWhileKilling, tasks.size(), tasks.stream().map(t -> t.getStatus().occurrences())
                .toList(), occurrences(ns), lines);
        assertThat(tasks).hasSize(ERRORS.size())
                .allSatisfy(t -> assertThat(t.getStatus().occurrences()).as(t.getSpec().template())
                        .isEqualTo(PER_ERROR));
    }

    private Process startJar(String ns, int run) throws IOException {
        Path kubeconfig = dir.resolve("kubeconfig.yaml");
        Files.writeString(kubeconfig, api.kubectl("config", "view", "--raw"));
        return new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx256m", "-jar",
                "target/dockmedic.jar", "operator", "--kubeconfig", kubeconfig.toString(), "--namespace", ns,
                "--no-leader-election", "--identity", "kill-" + run, "--metrics-port", "-1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("operator-" + run + ".log").toFile()).start();
    }

    private static long occurrences(String ns) {
        return client.resources(RemediationTask.class).inNamespace(ns).list().getItems().stream()
                .filter(t -> t.getStatus() != null && t.getStatus().occurrences() != null)
                .mapToLong(t -> t.getStatus().occurrences()).sum();
    }
}
