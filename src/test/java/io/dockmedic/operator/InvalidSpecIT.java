package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dockmedic.core.task.Condition;
import io.dockmedic.core.task.ConditionStatus;
import io.dockmedic.docker.DockerSettings;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditSpec;
import io.dockmedic.audit.AuditStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the schema lets through but the operator cannot act on becomes one line in Ready, not a retry storm. */
class InvalidSpecIT extends WithApiServer {

    @Test
    void aDockerHostWithAnImpossiblePortIsReadyFalseInvalidSpecWithOneLineAndOneEvent() {
        String ns = api.namespace("dmhostile-invalid");
        try (DockmedicOperator operator = DockmedicOperator.start(client,
                new OperatorSettings(Set.of(ns), -1, false, false, ns, "invalid-1", 2, EVERY_CONTAINER),
                DockerSettings.fromEnvironment(System.getenv()), Clock.systemUTC())) {
            LogAudit audit = new LogAudit();
            audit.setMetadata(new ObjectMetaBuilder().withName("far").withNamespace(ns).build());
            // Five digits pass the schema's pattern; the port range is Java's to check.
            audit.setSpec(client.getKubernetesSerialization().unmarshal(
                    "{\"dockerHost\":\"tcp://127.0.0.1:99999\",\"interval\":\"1s\"}", LogAuditSpec.class));
            client.resources(LogAudit.class).inNamespace(ns).resource(audit).create();

            await().atMost(Duration.ofSeconds(30)).until(() -> ready(ns) != null);
            Condition ready = ready(ns);
            assertThat(ready.status()).isEqualTo(ConditionStatus.FALSE);
            assertThat(ready.reason()).isEqualTo("InvalidSpec");
            assertThat(ready.message()).isEqualTo("spec.dockerHost 'tcp://127.0.0.1:99999' is not a tcp://HOST:PORT "
                    + "address (PORT 1-65535, nothing after it)");

            await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);
            assertThat(client.v1().events().inNamespace(ns).list().getItems())
                    .filteredOn(e -> "InvalidSpec".equals(e.getReason()))
                    .as("one Warning Event for the problem, not one per retry").hasSize(1);
        }
    }

    private static Condition ready(String ns) {
        LogAudit audit = client.resources(LogAudit.class).inNamespace(ns).withName("far").get();
        return audit.getStatus() == null ? null
                : Condition.find(audit.getStatus().conditions(), AuditStatusBuilder.READY);
    }
}
