package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dockmedic.docker.DockerFixture;
import io.dockmedic.docker.DockerSettings;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditSpec;
import io.dockmedic.operator.api.RemediationTask;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/ applied with kubectl to a real kube-apiserver, and the operator run with exactly the
 * ServiceAccount's permissions (impersonation): the RBAC there is enough, and no more than needed.
 */
class DeployIT extends WithApiServer {

    private static final String OPERATOR_NAMESPACE = "dockmedic";
    private static final String SERVICE_ACCOUNT = "dockmedic-operator";

    private static String dryRun;

    @BeforeAll
    static void applyDeployFolder() {
        // A server-side dry run creates nothing, so the objects inside a namespace it would create fail
        // with NotFound: the namespace comes first, as `kubectl create namespace` would.
        api.kubectl("create", "namespace", OPERATOR_NAMESPACE);
        dryRun = api.kubectl("apply", "--dry-run=server", "-k", "deploy/");
        String applied = api.kubectl("apply", "-k", "deploy/");
        assertThat(applied).contains("serviceaccount/dockmedic-operator created",
                "clusterrole.rbac.authorization.k8s.io/dockmedic-operator created",
                "deployment.apps/dockmedic-operator created", "service/dockmedic-metrics created");
    }

    @Test
    void everyManifestOfTheKustomizationPassesTheApiServersDryRun() {
        assertThat(dryRun).doesNotContainIgnoringCase("error");
        assertThat(dryRun).contains("customresourcedefinition.apiextensions.k8s.io/logaudits.dockmedic.io",
                "customresourcedefinition.apiextensions.k8s.io/remediationtasks.dockmedic.io",
                "serviceaccount/dockmedic-operator created (server dry run)",
                "clusterrole.rbac.authorization.k8s.io/dockmedic-operator created (server dry run)",
                "configmap/dockmedic-operator created (server dry run)",
                "deployment.apps/dockmedic-operator created (server dry run)");
    }

    @Test
    void theExampleLogAuditsAndTheirSecretPassTheApiServersDryRun() {
        String ns = api.namespace("dmop-examples");
        String result = api.kubectl("apply", "--dry-run=server", "-n", ns, "-f", "deploy/examples/");
        assertThat(result).doesNotContainIgnoringCase("error");
        assertThat(result).contains("logaudit.dockmedic.io/shop created (server dry run)",
                "logaudit.dockmedic.io/engine-b created (server dry run)",
                "secret/engine-b-tls created (server dry run)");
    }

    @Test
    void theDeploymentRunsHardened() {
        Deployment deployment = api.client().apps().deployments().inNamespace(OPERATOR_NAMESPACE)
                .withName("dockmedic-operator").get();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSupplementalGroups()).as("the Docker socket's group").hasSize(1);
        Container operator = pod.getContainers().get(0);
        assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(operator.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(operator.getEnvFrom()).anySatisfy(e -> assertThat(e.getConfigMapRef().getName())
                .isEqualTo("dockmedic-operator"));
        // The root filesystem is read-only: /tmp (TLS material, JVM files) is the one writable place.
        assertThat(operator.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("tmp");
            assertThat(v.getEmptyDir()).isNotNull();
        });
    }

    @Test
    void theOperatorsOwnEngineComesFromTheConfigMapWithTheTlsSecretWhereDockerCertPathSays() {
        Map<String, String> env = api.client().configMaps().inNamespace(OPERATOR_NAMESPACE)
                .withName("dockmedic-operator").get().getData();
        DockerSettings engine = DockerSettings.fromEnvironment(env);
        PodSpec pod = api.client().apps().deployments().inNamespace(OPERATOR_NAMESPACE).withName("dockmedic-operator")
                .get().getSpec().getTemplate().getSpec();
        Container operator = pod.getContainers().get(0);

        assertThat(engine.host()).isEqualTo("unix://" + mountPath(operator, "docker-socket"));
        assertThat(engine.tlsVerify()).isFalse();
        assertThat(engine.certPath()).isEqualTo(mountPath(operator, "docker-tls"));
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("docker-tls");
            assertThat(v.getSecret().getSecretName()).isEqualTo("dockmedic-docker-tls");
            assertThat(v.getSecret().getOptional()).as("a socket or plain tcp engine needs no Secret").isTrue();
        });
    }

    private static String mountPath(Container container, String volume) {
        return container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError("no mount of the volume " + volume)).getMountPath();
    }

    private static Lease lease() {
        return api.client().leases().inNamespace(OPERATOR_NAMESPACE).withName(OperatorSettings.LEASE_NAME).get();
    }

    @Test
    void theOperatorWorksWithTheServiceAccountsPermissionsOnly() {
        String ns = api.namespace("dmop-rbac");
        try (DockerFixture docker = new DockerFixture();
                KubernetesClient asOperator = api.clientAs(OPERATOR_NAMESPACE, SERVICE_ACCOUNT);
                DockmedicOperator operator = DockmedicOperator.start(asOperator,
                        new OperatorSettings(Set.of(), -1, true, false, OPERATOR_NAMESPACE, "pod-1", 2, EVERY_CONTAINER),
                        DockerSettings.fromEnvironment(System.getenv()), Clock.systemUTC())) {
            String container = "dmop-rbac-" + UUID.randomUUID().toString().substring(0, 8);
            String id = docker.run(container, cmd -> { }, "sh", "-c",
                    "echo 'ERROR deadlock detected while updating order 17'; exec sleep 3600");
            LogAudit audit = new LogAudit();
            audit.setMetadata(new ObjectMetaBuilder().withName("rbac").withNamespace(ns).build());
            audit.setSpec(api.client().getKubernetesSerialization().unmarshal(
                    "{\"selector\":{\"names\":[\"" + container + "\"]},\"interval\":\"2s\"}", LogAuditSpec.class));
            api.client().resources(LogAudit.class).inNamespace(ns).resource(audit).create();

            RemediationTask task = await().atMost(Duration.ofSeconds(40)).until(
                    () -> api.client().resources(RemediationTask.class).inNamespace(ns).list().getItems(),
                    tasks -> tasks.size() == 1 && tasks.get(0).getStatus() != null).get(0);
            assertThat(task.getStatus().occurrences()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                LogAudit read = api.client().resources(LogAudit.class).inNamespace(ns).withName("rbac").get();
                return read.getStatus() != null && read.getStatus().openIssues() != null
                        && read.getStatus().openIssues().total() == 1;
            });
            assertThat(api.client().v1().events().inNamespace(ns).list().getItems())
                    .anyMatch(e -> "IssueDetected".equals(e.getReason()));
            Lease lease = lease();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("pod-1");
            await("the leader renews its Lease").atMost(Duration.ofSeconds(20))
                    .until(() -> !lease().getSpec().getRenewTime().equals(lease.getSpec().getRenewTime()));

            assertThatThrownBy(() -> asOperator.resources(RemediationTask.class).inNamespace(ns)
                    .withName(task.getMetadata().getName()).delete())
                    .as("the operator may never delete a task's history")
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
            assertThat(api.kubectl("auth", "can-i", "list", "secrets", "--as",
                    "system:serviceaccount:dockmedic:dockmedic-operator", "-n", ns)).startsWith("no");
            docker.inspect(id);
        }
    }
}
