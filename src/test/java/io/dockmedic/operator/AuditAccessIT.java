package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dockmedic.audit.AuditStatusBuilder;
import io.dockmedic.core.task.Condition;
import io.dockmedic.core.task.ConditionStatus;
import io.dockmedic.docker.DockerFixture;
import io.dockmedic.docker.DockerSettings;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.RemediationTask;
import io.dockmedic.operator.docker.AuditAccess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator with its default access, against a real kube-apiserver and Docker: a LogAudit cannot aim the
 * operator at an engine the admin did not list, nor read containers not labelled for its namespace.
 */
class AuditAccessIT extends WithOperator {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    private final DockerFixture docker = new DockerFixture();
    private DockmedicOperator operator;

    @AfterEach
    void stopOperatorAndRemoveContainers() {
        if (operator != null) {
            operator.close();
        }
        docker.close();
    }

    private static DockmedicOperator startWithDefaults(String ns) {
        DockerSettings engine = DockerSettings.fromEnvironment(System.getenv());
        AuditAccess defaults = new AuditAccess(AuditAccess.allowedHosts(List.of(), engine.host()),
                AuditAccess.ContainerScope.NAMESPACE_LABEL);
        return DockmedicOperator.start(client, new OperatorSettings(Set.of(ns), -1, false, false, ns, "access-1", 2,
                defaults), engine, Clock.systemUTC());
    }

    @Test
    void anEngineNotOnTheAllowListIsRefusedWithoutAConnectionOrASecretRead() throws Exception {
        String ns = api.namespace("dmhostile-hosts");
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread accept = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket ignored = listener.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "dmhostile-listener");
            accept.setDaemon(true);
            accept.start();
            operator = startWithDefaults(ns);
            String host = "tcp://127.0.0.1:" + listener.getLocalPort();
            // The Secret does not exist: were it read first, the message would be about it.
            createAudit(ns, "elsewhere", "{\"dockerHost\":\"" + host + "\",\"tlsSecretRef\":{\"name\":\"absent\"},"
                    + "\"interval\":\"1s\"}");

            await().atMost(WITHIN).until(() -> condition(ns, "elsewhere", AuditStatusBuilder.READY) != null);
            Condition ready = condition(ns, "elsewhere", AuditStatusBuilder.READY);
            assertThat(ready.status()).isEqualTo(ConditionStatus.FALSE);
            assertThat(ready.reason()).isEqualTo(AuditAccess.HOST_NOT_ALLOWED);
            assertThat(ready.message()).isEqualTo("spec.dockerHost '" + host + "' is not allowed by this operator: "
                    + "--allowed-docker-hosts (DOCKMEDIC_ALLOWED_DOCKER_HOSTS) allows "
                    + DockerSettings.fromEnvironment(System.getenv()).host() + "; the engine was not contacted");
            assertThat(condition(ns, "elsewhere", AuditStatusBuilder.DOCKER_REACHABLE).status())
                    .isEqualTo(ConditionStatus.UNKNOWN);
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(connections.get()).as("connections to the engine that is not allowed").isZero();
            assertThat(client.v1().events().inNamespace(ns).list().getItems())
                    .filteredOn(e -> AuditAccess.HOST_NOT_ALLOWED.equals(e.getReason())).hasSize(1);
        }
    }

    @Test
    void anAuditReadsOnlyContainersLabelledForItsNamespace() {
        String ns = api.namespace("dmhostile-scope");
        String run = shortId();
        Map<String, String> mine = Map.of("io.dockmedic.access-it", run, AuditAccess.NAMESPACE_LABEL, ns);
        Map<String, String> other = Map.of("io.dockmedic.access-it", run, AuditAccess.NAMESPACE_LABEL, "someone-else");
        Map<String, String> unlabelled = Map.of("io.dockmedic.access-it", run);
        String fault = "echo 'FATAL: could not open configuration file /etc/app.conf'; exit 3";
        docker.runToExit("dmhostile-mine-" + run, cmd -> cmd.withLabels(mine), "sh", "-c", fault);
        docker.runToExit("dmhostile-other-" + run, cmd -> cmd.withLabels(other), "sh", "-c", fault);
        docker.runToExit("dmhostile-bare-" + run, cmd -> cmd.withLabels(unlabelled), "sh", "-c", fault);
        operator = startWithDefaults(ns);

        // The selector alone would match all three.
        createAudit(ns, "all-mine", "{\"selector\":{\"labels\":{\"io.dockmedic.access-it\":\"" + run + "\"}},"
                + "\"interval\":\"2s\"}");
        await().atMost(WITHIN).until(() -> scans(ns, "all-mine") >= 2);

        LogAudit audit = client.resources(LogAudit.class).inNamespace(ns).withName("all-mine").get();
        assertThat(audit.getStatus().containersScanned()).isEqualTo(1);
        assertThat(client.resources(RemediationTask.class).inNamespace(ns).list().getItems())
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.getStatus().containerName()).isEqualTo("dmhostile-mine-" + run));
    }

    private static Condition condition(String ns, String name, String type) {
        LogAudit audit = client.resources(LogAudit.class).inNamespace(ns).withName(name).get();
        return audit == null || audit.getStatus() == null ? null : Condition.find(audit.getStatus().conditions(), type);
    }
}
