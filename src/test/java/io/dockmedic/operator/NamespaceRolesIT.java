package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dockmedic.Main;
import io.dockmedic.docker.DockerFixture;
import io.dockmedic.docker.DockerSettings;
import io.dockmedic.operator.api.RemediationTask;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The per-namespace mode on the real kube-apiserver with RBAC on: the Roles {@code dockmedic rbac} prints let an
 * operator run with {@code --namespace} do its whole job there, and give it no Secret or ConfigMap elsewhere.
 */
class NamespaceRolesIT extends WithApiServer {

    @Test
    void anOperatorBoundByTheGeneratedRolesWorksInItsNamespaceAndReadsNoSecretsElsewhere() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String ops = api.namespace("dmrbac-ops-" + run);
        String shop = api.namespace("dmrbac-shop-" + run);
        String other = api.namespace("dmrbac-other-" + run);
        client.serviceAccounts().inNamespace(ops).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("dm-scoped").endMetadata().build()).create();
        String user = "system:serviceaccount:" + ops + ":dm-scoped";

        StringWriter out = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("rbac", "-n", shop, "--service-account", ops + "/dm-scoped")).isZero();
        Path roles = Files.createTempFile("dockmedic-rbac", ".yaml");
        Files.writeString(roles, out.toString());
        assertThat(api.kubectl("apply", "-f", roles.toString())).contains("role.rbac.authorization.k8s.io/dockmedic-operator created",
                "rolebinding.rbac.authorization.k8s.io/dockmedic-operator created");
        Files.delete(roles);

        assertThat(api.kubectl("auth", "can-i", "get", "secrets", "-n", shop, "--as", user)).startsWith("yes");
        assertThat(api.kubectl("auth", "can-i", "get", "secrets", "-n", other, "--as", user)).startsWith("no");
        assertThat(api.kubectl("auth", "can-i", "create", "configmaps", "-n", other, "--as", user)).startsWith("no");
        assertThat(api.kubectl("auth", "can-i", "list", "secrets", "--all-namespaces", "--as", user)).startsWith("no");

        try (DockerFixture docker = new DockerFixture();
                KubernetesClient asOperator = api.clientAs(ops, "dm-scoped");
                DockmedicOperator operator = DockmedicOperator.start(asOperator,
                        new OperatorSettings(Set.of(shop), -1, false, false, shop, "scoped-1", 2, EVERY_CONTAINER),
                        DockerSettings.fromEnvironment(System.getenv()), Clock.systemUTC())) {
            String container = "dmrbac-" + run;
            docker.run(container, cmd -> { }, "sh", "-c",
                    "echo 'ERROR deadlock detected while updating order 17'; exec sleep 3600");
            WithOperator.createAudit(shop, "scoped", "{\"selector\":{\"names\":[\"" + container + "\"]},"
                    + "\"interval\":\"2s\"}");

            List<RemediationTask> tasks = await().atMost(Duration.ofSeconds(60)).until(
                    () -> client.resources(RemediationTask.class).inNamespace(shop).list().getItems(),
                    found -> found.size() == 1 && found.get(0).getStatus() != null);
            assertThat(tasks.get(0).getStatus().occurrences()).isEqualTo(1);
            assertThat(client.configMaps().inNamespace(shop).withName(TemplateStore.name("scoped")).get())
                    .as("the template store was written with the Role's ConfigMap rights").isNotNull();
            assertThat(client.v1().events().inNamespace(shop).list().getItems())
                    .anyMatch(e -> "IssueDetected".equals(e.getReason()));
        }
    }
}
