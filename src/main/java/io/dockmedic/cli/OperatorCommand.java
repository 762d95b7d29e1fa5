package io.dockmedic.cli;

import io.dockmedic.docker.DockerSettings;
import io.dockmedic.operator.DockmedicOperator;
import io.dockmedic.operator.MetricsEndpoint;
import io.dockmedic.operator.OperatorSettings;
import io.dockmedic.operator.docker.AuditAccess;
import io.dockmedic.operator.api.LogAudit;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dockmedic operator}: runs the LogAudit controller against a Kubernetes API server until stopped. */
@Command(name = "operator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs the dockmedic operator: scans what each LogAudit selects, keeps one RemediationTask per issue "
                    + "('kubectl get issues'), and serves Prometheus metrics on /metrics.",
            "Uses the current kubeconfig ($KUBECONFIG or ~/.kube/config), or the in-cluster service account "
                    + "when deployed. Install the CRDs first: kubectl apply -f crds/"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "143:stopped by SIGTERM (130 by Ctrl-C), after a clean shutdown: the JVM's status for a signal",
            "2:error: API server unreachable, CRDs missing, metrics port in use, bad option"})
public final class OperatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--namespace", paramLabel = "NS", split = ",",
            description = "Reconcile LogAudits in these namespaces only (repeatable or comma-separated). "
                    + "Default: all namespaces.")
    List<String> namespaces = List.of();

    // The image's HEALTHCHECK probes the same variable, so one setting moves both.
    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "${env:DOCKMEDIC_METRICS_PORT:-8080}",
            description = "Port of the Prometheus /metrics endpoint and /healthz "
                    + "(default: $DOCKMEDIC_METRICS_PORT, else 8080; -1 turns it off).")
    int metricsPort;

    @Option(names = "--leader-election", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Elect a leader through a Lease so that only one replica acts (default: on).")
    boolean leaderElection;

    @Option(names = "--lease-namespace", paramLabel = "NS",
            description = "Namespace of the Lease (default: the namespace of the kubeconfig context or of the pod).")
    String leaseNamespace;

    @Option(names = "--identity", paramLabel = "NAME",
            description = "This replica's name in the Lease and in Events (default: $POD_NAME, else the host name).")
    String identity;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4",
            description = "LogAudits reconciled at the same time (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--allowed-docker-hosts", paramLabel = "HOST", split = ",",
            defaultValue = "${env:DOCKMEDIC_ALLOWED_DOCKER_HOSTS}",
            description = "Docker engines a LogAudit's spec.dockerHost may name (unix:///PATH or tcp://HOST:PORT, "
                    + "comma-separated; * for any); any other is refused without being contacted "
                    + "(default: $DOCKMEDIC_ALLOWED_DOCKER_HOSTS, else only the operator's own engine, DOCKER_HOST "
                    + "or unix:///var/run/docker.sock).")
    List<String> allowedDockerHosts = List.of();

    @Option(names = "--container-scope", paramLabel = "SCOPE",
            defaultValue = "${env:DOCKMEDIC_CONTAINER_SCOPE:-namespace-label}",
            description = "Containers a LogAudit may select: namespace-label (only those labelled "
                    + "dockmedic.io/namespace=<the LogAudit's namespace>) or all (every container on the engine, "
                    + "for any LogAudit) (default: $DOCKMEDIC_CONTAINER_SCOPE, else namespace-label).")
    String containerScope;

    @Option(names = "--kubeconfig", paramLabel = "PATH",
            description = "Kubeconfig file to use instead of $KUBECONFIG or ~/.kube/config.")
    Path kubeconfig;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (metricsPort < -1 || metricsPort > 65535) {
            err.println("dockmedic operator: --metrics-port must be a port (0-65535) or -1, not " + metricsPort);
            return 2;
        }
        if (threads < 1) {
            err.println("dockmedic operator: --threads must be at least 1, not " + threads);
            return 2;
        }
        DockerSettings docker;
        AuditAccess access;
        try {
            docker = DockerSettings.fromEnvironment(System.getenv());
            access = new AuditAccess(AuditAccess.allowedHosts(allowedDockerHosts == null ? List.of()
                    : allowedDockerHosts, docker.host()), AuditAccess.ContainerScope.parse(containerScope));
        } catch (IllegalArgumentException e) { // a bad DOCKER_HOST, TLS, timeout or access setting
            err.println("dockmedic operator: " + e.getMessage());
            return 2;
        }
        // Bound before the API server is asked anything: a port in use is reported first and cannot be lost later.
        MetricsEndpoint metrics;
        try {
            metrics = metricsPort < 0 ? null : MetricsEndpoint.bind(metricsPort);
        } catch (UncheckedIOException e) {
            err.println("dockmedic operator: " + e.getMessage());
            return 2;
        }
        boolean started = false;
        try {
            Config config;
            try {
                config = KubeConnection.config(kubeconfig);
            } catch (RuntimeException e) {
                err.println("dockmedic operator: cannot read the Kubernetes configuration: " + e.getMessage());
                return 2;
            }
            // The start-up check does not retry: an unreachable server should be reported at once.
            try (KubernetesClient probe = new KubernetesClientBuilder()
                    .withConfig(new ConfigBuilder(config).withRequestRetryBackoffLimit(0).build()).build()) {
                String problem = checkApiServer(probe);
                if (problem != null) {
                    err.println("dockmedic operator: " + problem);
                    return 2;
                }
            }
            started = true;
            return run(config, metrics, docker, access);
        } finally {
            if (!started && metrics != null) {
                metrics.close();
            }
        }
    }

    private int run(Config config, MetricsEndpoint metrics, DockerSettings docker, AuditAccess access) {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            OperatorSettings settings = new OperatorSettings(new LinkedHashSet<>(namespaces), metricsPort,
                    leaderElection, true, leaseNamespace != null ? leaseNamespace
                    : client.getNamespace() != null ? client.getNamespace() : "default",
                    identity != null ? identity : defaultIdentity(), threads, access);
            DockmedicOperator operator = DockmedicOperator.start(client, settings,
                    docker, Clock.systemUTC(), metrics);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("dockmedic operator %s: watching %s (%s)%s%s%n", settings.identity(),
                    settings.namespaces().isEmpty() ? "all namespaces" : "namespaces " + settings.namespaces(),
                    access.describe(),
                    operator.metricsPort() < 0 ? "" : ", metrics on :" + operator.metricsPort() + "/metrics",
                    settings.leaderElection() ? ", Lease " + settings.leaseNamespace() + "/"
                            + OperatorSettings.LEASE_NAME : "");
            out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                operator.close();
                stopped.countDown();
            }, "dockmedic-operator-stop"));
            stopped.await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }


    /** A one-line description of why the operator cannot work with this API server, or null. */
    private static String checkApiServer(KubernetesClient client) {
        String server = client.getMasterUrl().toString();
        try {
            client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            return "cannot reach the Kubernetes API server at " + server + ": " + KubeConnection.rootMessage(e);
        }
        try {
            String crd = HasMetadata.getFullResourceName(LogAudit.class);
            if (client.apiextensions().v1().customResourceDefinitions().withName(crd).get() == null) {
                return "the CRD " + crd + " is not installed on " + server + ": kubectl apply -f crds/";
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                return "cannot check the CRDs on " + server + ": " + KubeConnection.rootMessage(e);
            }
            // Allowed to use LogAudits but not to read CRDs: the informers will say if they are missing.
        }
        return null;
    }


    private static String defaultIdentity() {
        String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "dockmedic-operator";
        }
    }
}
