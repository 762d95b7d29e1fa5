package io.dockmedic.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the kube-apiserver built by {@code scripts/control-plane.sh build} through kube-api-test and
 * checks the API behaviour the operator relies on: CRD schema validation and the status subresource.
 */
class KubeApiServerIT {

    // The folder kube-api-test reads is named after this version; the script fills it.
    private static final String KUBE_VERSION = System.getProperty("dockmedic.kube.version", "1.34.4");
    private static final String GROUP = "it.dockmedic.io";
    private static final String NAMESPACE = "default";
    private static final ResourceDefinitionContext PROBES = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP)
            .withVersion("v1")
            .withKind("Probe")
            .withPlural("probes")
            .withNamespaced(true)
            .build();

    private static KubeAPIServer server;
    private static KubernetesClient client;

    @BeforeAll
    static void startApiServerAndInstallCrd() {
        // Offline mode is set in code: kube-api-test's boolean environment variables throw
        // ClassCastException, and a download must never replace the locally built binaries.
        server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withApiServerVersion(KUBE_VERSION)
                .withOfflineMode(true)
                .build());
        server.start();
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
                .build();
        client.apiextensions().v1().customResourceDefinitions().resource(probeCrd()).create();
        client.apiextensions().v1().customResourceDefinitions().withName("probes." + GROUP)
                .waitUntilCondition(KubeApiServerIT::established, 30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopApiServer() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void serverReportsTheVersionStampedAtBuildTime() {
        assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v" + KUBE_VERSION);
    }

    @Test
    void statusPatchedThroughSubresourceRoundTrips() {
        GenericKubernetesResource created = probes().resource(probe("round-trip", "web", 2)).create();
        assertThat(created.getAdditionalProperties()).doesNotContainKey("status");

        probes().withName("round-trip").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"phase\":\"Failing\",\"observedGeneration\":1,\"message\":\"exit code 137\"}}");

        GenericKubernetesResource read = probes().withName("round-trip").get();
        assertThat(read.<Object>get("status", "phase")).isEqualTo("Failing");
        assertThat(read.<Object>get("status", "observedGeneration")).isEqualTo(1);
        assertThat(read.<Object>get("status", "message")).isEqualTo("exit code 137");
        assertThat(read.<Object>get("spec", "target")).isEqualTo("web");
        assertThat(read.getMetadata().getGeneration()).as("status writes do not bump generation").isEqualTo(1L);
    }

    @Test
    void statusSentWithTheMainResourceIsIgnored() {
        GenericKubernetesResource withStatus = probe("status-on-create", "db", 1);
        withStatus.setAdditionalProperty("status", Map.of("phase", "Healthy"));

        GenericKubernetesResource created = probes().resource(withStatus).create();

        assertThat(created.getAdditionalProperties())
                .as("with a status subresource the main endpoint drops status")
                .doesNotContainKey("status");
    }

    @Test
    void schemaRejectsAnObjectWithoutRequiredFieldOrOutOfRange() {
        GenericKubernetesResource noTarget = new GenericKubernetesResourceBuilder()
                .withApiVersion(GROUP + "/v1").withKind("Probe")
                .withNewMetadata().withName("no-target").withNamespace(NAMESPACE).endMetadata()
                .addToAdditionalProperties("spec", Map.of("replicas", 1))
                .build();
        assertThatThrownBy(() -> probes().resource(noTarget).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec.target");
                });

        assertThatThrownBy(() -> probes().resource(probe("too-many", "web", 11)).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec.replicas");
                });
        assertThat(probes().withName("no-target").get()).isNull();
        assertThat(probes().withName("too-many").get()).isNull();
    }

    @Test
    void schemaRejectsAStatusOutsideTheEnum() {
        probes().resource(probe("bad-status", "cache", 1)).create();

        assertThatThrownBy(() -> probes().withName("bad-status").subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Sleeping\"}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("status.phase");
                });
        assertThat(probes().withName("bad-status").get().getAdditionalProperties()).doesNotContainKey("status");
    }

    private static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> probes() {
        return client.genericKubernetesResources(PROBES).inNamespace(NAMESPACE);
    }

    private static GenericKubernetesResource probe(String name, String target, int replicas) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(GROUP + "/v1").withKind("Probe")
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .addToAdditionalProperties("spec", Map.of("target", target, "replicas", replicas))
                .build();
    }

    private static boolean established(CustomResourceDefinition crd) {
        // A CRD the API server has only just stored has a status without conditions yet.
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static CustomResourceDefinition probeCrd() {
        JSONSchemaProps spec = new JSONSchemaPropsBuilder()
                .withType("object")
                .withRequired("target")
                .addToProperties("target", new JSONSchemaPropsBuilder().withType("string").withMinLength(1L).build())
                .addToProperties("replicas", new JSONSchemaPropsBuilder()
                        .withType("integer").withMinimum(0.0).withMaximum(10.0).build())
                .build();
        JSONSchemaProps status = new JSONSchemaPropsBuilder()
                .withType("object")
                .addToProperties("phase", new JSONSchemaPropsBuilder().withType("string")
                        .withEnum(new TextNode("Pending"), new TextNode("Healthy"), new TextNode("Failing"))
                        .build())
                .addToProperties("observedGeneration", new JSONSchemaPropsBuilder().withType("integer").build())
                .addToProperties("message", new JSONSchemaPropsBuilder().withType("string").build())
                .build();
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("probes." + GROUP).endMetadata()
                .withNewSpec()
                .withGroup(GROUP)
                .withScope("Namespaced")
                .withNewNames().withKind("Probe").withPlural("probes").withSingular("probe").endNames()
                .addNewVersion()
                .withName("v1").withServed(true).withStorage(true)
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
                .withNewSchema().withNewOpenAPIV3Schema()
                .withType("object")
                .addToProperties("spec", spec)
                .addToProperties("status", status)
                .endOpenAPIV3Schema().endSchema()
                .endVersion()
                .endSpec()
                .build();
    }
}
