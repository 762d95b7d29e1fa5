package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dockmedic.core.task.Condition;
import io.dockmedic.core.task.ConditionStatus;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditSpec;
import io.dockmedic.audit.AuditStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planted-ConfigMap attack on the shipped jar under a small heap: gzip bombs named like two audits'
 * template stores (one anyone's, one forged with owner, label and checksum) must not take the operator
 * down; both audits say what happened and get a new store.
 */
class PlantedStoreJarIT {

    private static final long BOMB_JSON = 240L << 20;

    @Test
    void plantedGzipBombsAreReportedAndReplacedWhileTheOperatorStaysUp(@TempDir Path dir) throws Exception {
        try (TestApiServer api = TestApiServer.start()) {
            String ns = api.namespace("dmhostile-bomb");
            LogAudit foreign = createAudit(api, ns, "planted");
            LogAudit forged = createAudit(api, ns, "forged");
            byte[] bomb = PlantedStores.bomb(BOMB_JSON);
            System.out.printf("figure: planted bomb %d KiB packed, %d MiB of JSON, operator -Xmx128m%n",
                    bomb.length / 1024, BOMB_JSON >> 20);
            api.client().configMaps().resource(PlantedStores.foreign(foreign, bomb)).create();
            api.client().configMaps().resource(PlantedStores.forged(forged, bomb)).create();

            int port = freePort();
            Process operator = startJar(api, ns, dir, port);
            Path log = dir.resolve("operator.log");
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> storeCondition(api, ns, "planted") != null
                        && storeCondition(api, ns, "forged") != null);

                Condition planted = storeCondition(api, ns, "planted");
                assertThat(planted.status()).isEqualTo(ConditionStatus.FALSE);
                assertThat(planted.reason()).isEqualTo("ForeignStore");
                assertThat(planted.message()).contains("ConfigMap " + ns + "/dockmedic-templates-planted was not loaded");
                Condition forgedCondition = storeCondition(api, ns, "forged");
                assertThat(forgedCondition.status()).isEqualTo(ConditionStatus.FALSE);
                assertThat(forgedCondition.reason()).isEqualTo("OversizedStore");

                assertThat(operator.isAlive()).as(Files.readString(log, StandardCharsets.UTF_8)).isTrue();
                HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/healthz")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                for (String audit : new String[] {"planted", "forged"}) {
                    String packed = api.client().configMaps().inNamespace(ns).withName(TemplateStore.name(audit))
                            .get().getBinaryData().get(TemplateStore.KEY);
                    assertThat(packed.length()).as("the bomb of %s was replaced", audit).isLessThan(1024);
                }
                assertThat(Files.readString(log, StandardCharsets.UTF_8)).doesNotContain("OutOfMemoryError");
            } finally {
                operator.destroy();
                operator.waitFor(30, TimeUnit.SECONDS);
                operator.destroyForcibly();
            }
        }
    }

    private static Condition storeCondition(TestApiServer api, String ns, String name) {
        LogAudit audit = api.client().resources(LogAudit.class).inNamespace(ns).withName(name).get();
        return audit == null || audit.getStatus() == null ? null
                : Condition.find(audit.getStatus().conditions(), AuditStatusBuilder.TEMPLATE_STORE);
    }

    private static LogAudit createAudit(TestApiServer api, String ns, String name) {
        LogAudit audit = new LogAudit();
        audit.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        audit.setSpec(api.client().getKubernetesSerialization().unmarshal(
                "{\"selector\":{\"names\":[\"dmhostile-no-such-container\"]},\"interval\":\"5s\"}",
                LogAuditSpec.class));
        return api.client().resources(LogAudit.class).inNamespace(ns).resource(audit).create();
    }

    /** The shipped jar's operator under a 128 MiB heap; what it prints goes to dir/operator.log. */
    private static Process startJar(TestApiServer api, String ns, Path dir, int port) throws IOException {
        Path kubeconfig = dir.resolve("kubeconfig.yaml");
        Files.writeString(kubeconfig, api.kubectl("config", "view", "--raw"));
        return new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx128m", "-jar",
                "target/dockmedic.jar", "operator", "--kubeconfig", kubeconfig.toString(), "--namespace", ns,
                "--lease-namespace", ns, "--identity", "bomb-1", "--metrics-port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(dir.resolve("operator.log").toFile()).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
