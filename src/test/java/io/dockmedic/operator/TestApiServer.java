package io.dockmedic.operator;

import io.dockmedic.operator.api.CommittedCrds;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real kube-apiserver (kube-api-test, offline, the binaries built by scripts/control-plane.sh) with
 * the committed CRDs installed, a client, and the matching kubectl.
 */
final class TestApiServer implements AutoCloseable {

    static final String KUBE_VERSION = System.getProperty("dockmedic.kube.version", "1.34.4");

    private final KubeAPIServer server;
    private final KubernetesClient client;
    private final Path kubeconfig;

    private TestApiServer(KubeAPIServer server, KubernetesClient client, Path kubeconfig) {
        this.server = server;
        this.client = client;
        this.kubeconfig = kubeconfig;
    }

    /** Starts a server and installs the CRDs from crds/. */
    static TestApiServer start() {
        // Offline mode in code: the environment variables of kube-api-test 7.5 throw ClassCastException,
        // and a download must never replace the locally built binaries.
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withApiServerVersion(KUBE_VERSION)
                .withOfflineMode(true)
                .build());
        server.start();
        try {
            Path kubeconfig = Files.createTempFile("dmop-kubeconfig", ".yaml");
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
            KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
                    .build();
            for (Class<? extends HasMetadata> type : CommittedCrds.RESOURCES) {
                CustomResourceDefinition crd = CommittedCrds.load(type);
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
                client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                        .waitUntilCondition(TestApiServer::established, 30, TimeUnit.SECONDS);
            }
            return new TestApiServer(server, client, kubeconfig);
        } catch (IOException e) {
            server.stop();
            throw new UncheckedIOException(e);
        }
    }

    KubernetesClient client() {
        return client;
    }

    /** A kubeconfig file for this server, for commands run with {@code --kubeconfig}. */
    Path kubeconfig() {
        return kubeconfig;
    }

    /** A client acting as {@code serviceAccount} of {@code namespace}, through impersonation. */
    KubernetesClient clientAs(String namespace, String serviceAccount) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.fromKubeconfig(server.getKubeConfigYaml()))
                .withImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount)
                .withImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace,
                        "system:authenticated")
                .build()).build();
    }

    /** Creates a namespace for one test; namespaces are never deleted (no controller-manager finalizes them). */
    String namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    /** Runs the kubectl built with the server against it and returns what it printed (stdout and stderr). */
    String kubectl(String... args) {
        Path binary = Path.of(System.getenv().getOrDefault("KUBE_API_TEST_DIR",
                System.getProperty("user.home") + "/.kubeapitest"), "k8s", KUBE_VERSION + "-linux-amd64", "kubectl");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not finish");
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        server.stop();
        try {
            Files.deleteIfExists(kubeconfig);
        } catch (IOException e) {
            // a temp file left behind is harmless
        }
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
