package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.core.container.ContainerStateAnalyzer;
import io.dockmedic.docker.DockerFixture;
import io.dockmedic.docker.DockerSettings;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditSpec;
import io.dockmedic.operator.api.RemediationTask;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's package, loopback, 1 s scrape and evaluation) with the plain rules
 * file scrapes a running operator; a real container is OOM-killed, the critical-issue alert fires in
 * Prometheus's API, and stops once a person marks the issue Ignored.
 */
class PrometheusAlertIT extends WithApiServer {

    private static final String ALERT = "DockmedicCriticalIssueOpen";
    /** The rule's threshold and the shorter one this test uses, so that it waits seconds, not 15 minutes. */
    private static final String RULE_THRESHOLD = "(dockmedic_oldest_open_critical_issue_age_seconds) > 900";
    private static final String TEST_THRESHOLD = "(dockmedic_oldest_open_critical_issue_age_seconds) > 5";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final DockerFixture docker = new DockerFixture();
    private DockmedicOperator operator;
    private Process prometheus;

    @TempDir
    Path dir;

    @AfterEach
    void stopEverything() {
        if (prometheus != null) {
            prometheus.destroy();
            try {
                // Stopped before the temporary folder holding its data is deleted.
                prometheus.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (operator != null) {
            operator.close();
        }
        docker.close();
    }

    @Test
    void anOomKilledContainerFiresTheCriticalIssueAlertInPrometheusUntilTheIssueIsIgnored() throws Exception {
        Path binary = Promtool.require("prometheus");
        String ns = api.namespace("dmprom");
        operator = DockmedicOperator.start(client, new OperatorSettings(Set.of(ns), 0, false, false, ns, "prom", 2, EVERY_CONTAINER),
                DockerSettings.fromEnvironment(System.getenv()), Clock.systemUTC());
        int prometheusPort = startPrometheus(binary, operator.metricsPort());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> targetHealth(prometheusPort).equals("up"));

        String container = "dmprom-oom-" + UUID.randomUUID().toString().substring(0, 8);
        createAudit(ns, "{\"selector\":{\"names\":[\"" + container + "\"]},\"interval\":\"2s\"}");
        // busybox tail keeps a line with no end in memory: with 16 MiB it is OOM-killed within a second.
        String id = docker.run(container, c -> c.getHostConfig().withMemory(16L << 20).withMemorySwap(16L << 20),
                "sh", "-c", "echo starting; exec tail /dev/zero");
        // Docker may report the stop before it records the OOM kill (SPEC/docker-adapter.md): wait for both.
        await().atMost(Duration.ofSeconds(30)).until(() -> !docker.inspect(id).getState().getRunning()
                && Boolean.TRUE.equals(docker.inspect(id).getState().getOOMKilled()));
        Instant fault = Instant.parse(docker.inspect(id).getState().getFinishedAt());

        JsonNode firing = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> alert(prometheusPort, ns, "firing"), Optional::isPresent).orElseThrow();
        Instant fired = Instant.now();
        System.out.printf("figure: OOM kill -> %s firing in Prometheus: %d ms (threshold 5 s, scrape and evaluation "
                + "every 1 s, audit interval 2 s, die event)%n", ALERT, Duration.between(fault, fired).toMillis());
        assertThat(firing.path("labels").path("severity").asText()).isEqualTo("critical");
        assertThat(firing.path("labels").path("audit").asText()).isEqualTo("oom");
        assertThat(firing.path("annotations").path("description").asText())
                .contains("LogAudit oom in namespace " + ns);
        assertThat(Duration.between(fault, fired)).as("not before the threshold").isGreaterThan(Duration.ofSeconds(5));

        RemediationTask task = client.resources(RemediationTask.class).inNamespace(ns).list().getItems().stream()
                .filter(t -> ContainerStateAnalyzer.OOM_KILLED.equals(t.getSpec().ruleId())).findFirst().orElseThrow();
        assertThat(task.getStatus().severity().name()).isEqualTo("CRITICAL");
        api.kubectl("patch", "issue", task.getMetadata().getName(), "-n", ns, "--subresource=status", "--type=merge",
                "-p", "{\"status\":{\"phase\":\"Ignored\",\"phaseSince\":\"" + Instant.now() + "\"}}");
        Instant ignored = Instant.now();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> alert(prometheusPort, ns, "firing").isEmpty() && alert(prometheusPort, ns, "pending").isEmpty());
        System.out.printf("figure: issue marked Ignored -> %s gone from Prometheus: %d ms%n", ALERT,
                Duration.between(ignored, Instant.now()).toMillis());
    }

    /** Starts Prometheus on a free loopback port with the rules file (threshold shortened) against the operator. */
    private int startPrometheus(Path binary, int metricsPort) throws IOException {
        String rules = Files.readString(AlertRulesTest.RULES);
        assertThat(rules).as("the rule this test shortens").contains(RULE_THRESHOLD);
        Path rulesFile = Files.writeString(dir.resolve("dockmedic-rules.yaml"),
                rules.replace(RULE_THRESHOLD, TEST_THRESHOLD));
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [%s]
                scrape_configs:
                  - job_name: dockmedic
                    honor_labels: true
                    static_configs: [{targets: ["127.0.0.1:%d"]}]
                """.formatted(rulesFile, metricsPort));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        return port;
    }

    private static String targetHealth(int port) {
        JsonNode targets = get(port, "/api/v1/targets").path("data").path("activeTargets");
        return targets.isEmpty() ? "none" : targets.get(0).path("health").asText();
    }

    /** The critical-issue alert of the namespace's audit in this state, if Prometheus has it. */
    private static Optional<JsonNode> alert(int port, String ns, String state) {
        for (JsonNode alert : get(port, "/api/v1/alerts").path("data").path("alerts")) {
            if (ALERT.equals(alert.path("labels").path("alertname").asText())
                    && ns.equals(alert.path("labels").path("namespace").asText())
                    && state.equals(alert.path("state").asText())) {
                return Optional.of(alert);
            }
        }
        return Optional.empty();
    }

    private static JsonNode get(int port, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return JSON.createObjectNode(); // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void createAudit(String ns, String specJson) {
        LogAudit audit = new LogAudit();
        audit.setMetadata(new ObjectMetaBuilder().withName("oom").withNamespace(ns).build());
        audit.setSpec(client.getKubernetesSerialization().unmarshal(specJson, LogAuditSpec.class));
        client.resources(LogAudit.class).inNamespace(ns).resource(audit).create();
    }
}
