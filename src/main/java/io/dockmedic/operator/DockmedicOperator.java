package io.dockmedic.operator;

import io.dockmedic.docker.DockerSettings;
import io.dockmedic.operator.docker.DockerEndpoints;
import io.dockmedic.operator.task.IssueEvents;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: JOSDK with the LogAudit controller, optional leader election through a Lease,
 * and a /metrics endpoint with JOSDK's reconciler metrics and dockmedic's own, plus /healthz and /readyz.
 */
public final class DockmedicOperator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DockmedicOperator.class);

    private final Operator operator;
    private final DockerEndpoints endpoints;
    private final MetricsEndpoint metrics;
    private final PrometheusMeterRegistry registry;
    private final AtomicBoolean closing;
    private final OperatorHealth health;

    private DockmedicOperator(Operator operator, DockerEndpoints endpoints, MetricsEndpoint metrics,
            PrometheusMeterRegistry registry, AtomicBoolean closing, OperatorHealth health) {
        this.operator = operator;
        this.endpoints = endpoints;
        this.metrics = metrics;
        this.registry = registry;
        this.closing = closing;
        this.health = health;
    }

    /** Builds and starts the operator, binding its /metrics port itself; it reconciles until {@link #close()}. */
    public static DockmedicOperator start(KubernetesClient client, OperatorSettings settings,
            DockerSettings dockerDefaults, Clock clock) {
        return start(client, settings, dockerDefaults, clock,
                settings.metricsPort() < 0 ? null : MetricsEndpoint.bind(settings.metricsPort()));
    }

    /**
     * Builds and starts the operator serving /metrics on {@code metrics}, bound beforehand (null for none);
     * it reconciles until {@link #close()}, which also closes {@code metrics}.
     */
    public static DockmedicOperator start(KubernetesClient client, OperatorSettings settings,
            DockerSettings dockerDefaults, Clock clock, MetricsEndpoint metrics) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AuditMetrics.describeJosdkMeters(registry);
        AtomicBoolean closing = new AtomicBoolean();
        OperatorHealth health = new OperatorHealth(client::getKubernetesVersion, clock, settings.leaderElection(),
                registry);
        DockerEndpoints endpoints = new DockerEndpoints(client, dockerDefaults, settings.access());
        Operator operator = new Operator(config -> {
            config.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(settings.reconcileThreads())
                    // Per-resource metrics would tag by resource name and uid: unbounded over time.
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                    .withReconciliationTerminationTimeout(OperatorSettings.GRACE);
            if (settings.leaderElection()) {
                // JOSDK's own exit-on-stop would also fire while we stop on purpose, inside the shutdown
                // hook, where System.exit blocks forever; so the exit is ours and skips deliberate stops.
                LeaderCallbacks callbacks = new LeaderCallbacks(() -> health.leading(true), () -> {
                    health.leading(false);
                    if (settings.exitOnLostLease() && !closing.get()) {
                        LOG.error("Lost the Lease {}/{}; exiting so that this replica restarts and competes again",
                                settings.leaseNamespace(), OperatorSettings.LEASE_NAME);
                        // From another thread: the shutdown hook stops the operator, which waits for this one.
                        new Thread(() -> System.exit(1), "dockmedic-lost-lease").start();
                    }
                }, leader -> { });
                config.withLeaderElectionConfiguration(new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME,
                        settings.leaseNamespace(), LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, settings.identity(), callbacks,
                        false));
            }
        });
        LogAuditReconciler reconciler = new LogAuditReconciler(clock, endpoints, new TemplateStore(client),
                new IssueEvents(client, clock, settings.identity()), new AuditMetrics(registry, clock));
        operator.register(reconciler, controller -> {
            if (settings.namespaces().isEmpty()) {
                controller.watchingAllNamespaces();
            } else {
                controller.settingNamespaces(settings.namespaces());
            }
        });
        if (metrics != null) {
            metrics.serve(registry, health);
        }
        operator.start();
        health.started();
        return new DockmedicOperator(operator, endpoints, metrics, registry, closing, health);
    }

    /** The port of the /metrics endpoint, or -1 without one. */
    public int metricsPort() {
        return metrics == null ? -1 : metrics.port();
    }

    /** The metrics as /metrics serves them. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        closing.set(true);
        health.stopping();
        operator.stop();
        if (metrics != null) {
            metrics.close();
        }
        endpoints.close();
    }
}
