package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dockmedic.docker.DockerFixture;
import io.dockmedic.docker.DockerSettings;
import io.dockmedic.core.task.Condition;
import io.dockmedic.core.task.ConditionStatus;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditSpec;
import io.dockmedic.operator.api.RemediationTask;
import io.dockmedic.operator.docker.AuditAccess;
import io.dockmedic.audit.AuditStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One LogAudit per Docker engine: an audit whose {@code dockerHost} is a second engine reached over
 * mutual TLS ({@code tlsSecretRef}) sees that engine's containers, and one holding a client
 * certificate the engine does not trust says so in its conditions; an audit naming no engine scans
 * the one of the operator's environment (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH).
 */
class RemoteDockerTlsIT extends WithApiServer {

    @TempDir
    static Path dir;

    private static TlsDockerEngine engine;
    private static DockmedicOperator operator;
    private static String namespace;

    @BeforeAll
    static void startEngineAndOperator() throws Exception {
        engine = TlsDockerEngine.start(dir.resolve("engine"));
        engine.load(DockerFixture.image());
        namespace = api.namespace("dmop-tls");
        operator = DockmedicOperator.start(client,
                // The default scope, with the second engine on the allow-list: what an admin of a remote engine sets.
                new OperatorSettings(Set.of(namespace), -1, false, false, namespace, "tls-1", 2,
                        new AuditAccess(Set.of(engine.host()), AuditAccess.ContainerScope.NAMESPACE_LABEL)),
                DockerSettings.fromEnvironment(System.getenv()), Clock.systemUTC());
    }

    @AfterAll
    static void stopEngineAndOperator() {
        if (operator != null) {
            operator.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void anAuditOfAnEngineReachedOverMutualTlsTurnsItsContainersIssueIntoATask() throws Exception {
        String container = "dmtest-tls-" + UUID.randomUUID().toString().substring(0, 8);
        TlsDockerEngine.Result ran = engine.docker("run", "-d", "--name", container, "--network", "none",
                "--label", AuditAccess.NAMESPACE_LABEL + "=" + namespace,
                DockerFixture.image(), "sh", "-c", "echo 'FATAL: could not open configuration file /etc/app.conf'; exit 3");
        assertThat(ran.exit()).as(ran.output()).isZero();
        secret("engine-tls", engine.client());
        audit("remote", container, "engine-tls");

        List<RemediationTask> tasks = await().atMost(Duration.ofSeconds(60)).until(() -> tasksOf("remote"),
                found -> found.stream().anyMatch(t -> "state.exited".equals(t.getSpec().ruleId()))
                        && found.stream().anyMatch(t -> t.getSpec().ruleId() != null
                        && !t.getSpec().ruleId().startsWith("state.")));
        assertThat(tasks).allSatisfy(t -> assertThat(t.getSpec().container()).isEqualTo(container));
        // The tasks are written before the status that counts them.
        await().atMost(Duration.ofSeconds(30)).until(() -> condition("remote", AuditStatusBuilder.DOCKER_REACHABLE),
                c -> c != null && c.status() == ConditionStatus.TRUE);
        // The container exists on the second engine only: the machine's own engine never had it.
        assertThat(new ProcessBuilder("docker", "inspect", container).start().waitFor()).isNotZero();
    }

    @Test
    void anAuditWithoutDockerHostScansTheEngineOfTheOperatorsEnvironment() throws Exception {
        String container = "dmtest-tlsdef-" + UUID.randomUUID().toString().substring(0, 8);
        TlsDockerEngine.Result ran = engine.docker("run", "-d", "--name", container, "--network", "none",
                DockerFixture.image(), "sh", "-c", "echo 'FATAL: could not open configuration file /etc/app.conf'; exit 3");
        assertThat(ran.exit()).as(ran.output()).isZero();
        String ns = api.namespace("dmop-tlsdef");
        // The variables deploy/configmap.yaml sets, DOCKER_CERT_PATH being where the TLS Secret is mounted.
        DockerSettings configured = DockerSettings.fromEnvironment(Map.of("DOCKER_HOST", engine.host(),
                "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", engine.client().toString()));
        try (DockmedicOperator second = DockmedicOperator.start(client,
                new OperatorSettings(Set.of(ns), -1, false, false, ns, "tlsdef-1", 2,
                        new AuditAccess(Set.of(engine.host()), AuditAccess.ContainerScope.ALL)),
                configured, Clock.systemUTC())) {
            LogAudit audit = new LogAudit();
            audit.setMetadata(new ObjectMetaBuilder().withName("default-engine").withNamespace(ns).build());
            audit.setSpec(client.getKubernetesSerialization().unmarshal("{\"selector\":{\"names\":[\"" + container
                    + "\"]},\"interval\":\"2s\"}", LogAuditSpec.class));
            client.resources(LogAudit.class).inNamespace(ns).resource(audit).create();

            List<RemediationTask> tasks = await().atMost(Duration.ofSeconds(60)).until(
                    () -> client.resources(RemediationTask.class).inNamespace(ns).list().getItems(),
                    found -> found.stream().anyMatch(t -> "state.exited".equals(t.getSpec().ruleId())));
            // The container exists on the second engine only, so the audit scanned that engine.
            assertThat(tasks).allSatisfy(t -> assertThat(t.getSpec().container()).isEqualTo(container));
            assertThat(client.resources(LogAudit.class).inNamespace(ns).withName("default-engine").get().getSpec()
                    .dockerHost()).as("the API server leaves the field unset").isNull();
        }
    }

    @Test
    void anAuditWithAClientCertificateTheEngineDoesNotTrustSaysSoInItsConditions() throws Exception {
        secret("intruder-tls", engine.wrongClient());
        audit("intruder", "anything", "intruder-tls");

        Condition reachable = await().atMost(Duration.ofSeconds(60)).until(() -> condition("intruder",
                AuditStatusBuilder.DOCKER_REACHABLE), c -> c != null && c.status() == ConditionStatus.FALSE);
        assertThat(reachable.message()).contains("cannot reach Docker at " + engine.host(),
                "is the client certificate (cert.pem) signed by the CA the engine trusts");
        Condition ready = condition("intruder", AuditStatusBuilder.READY);
        assertThat(ready.status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(tasksOf("intruder")).isEmpty();
    }

    private static void secret(String name, Path material) throws IOException {
        SecretBuilder secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata();
        for (String key : List.of("ca.pem", "cert.pem", "key.pem")) {
            secret.addToData(key, Base64.getEncoder().encodeToString(Files.readAllBytes(material.resolve(key))));
        }
        client.secrets().inNamespace(namespace).resource(secret.build()).create();
    }

    private static void audit(String name, String container, String secret) {
        LogAudit audit = new LogAudit();
        audit.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        audit.setSpec(client.getKubernetesSerialization().unmarshal("{\"dockerHost\":\"" + engine.host()
                + "\",\"tlsSecretRef\":{\"name\":\"" + secret + "\"},\"selector\":{\"names\":[\"" + container
                + "\"]},\"interval\":\"2s\"}", LogAuditSpec.class));
        client.resources(LogAudit.class).inNamespace(namespace).resource(audit).create();
    }

    private static List<RemediationTask> tasksOf(String audit) {
        return client.resources(RemediationTask.class).inNamespace(namespace).list().getItems().stream()
                .filter(t -> t.getMetadata().getOwnerReferences().stream().anyMatch(o -> o.getName().equals(audit)))
                .toList();
    }

    private static Condition condition(String audit, String type) {
        LogAudit read = client.resources(LogAudit.class).inNamespace(namespace).withName(audit).get();
        return read == null || read.getStatus() == null ? null : Condition.find(read.getStatus().conditions(), type);
    }
}
