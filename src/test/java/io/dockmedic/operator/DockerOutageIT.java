package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.dockmedic.audit.AuditStatusBuilder;
import io.dockmedic.core.task.Condition;
import io.dockmedic.core.task.ConditionStatus;
import io.dockmedic.docker.DockerFixture;
import io.dockmedic.docker.DockerSettings;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.RemediationTask;
import io.dockmedic.operator.docker.AuditAccess;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Docker outage between the operator and its engine: a loopback TCP proxy in front of the engine's socket is
 * cut for a while (60 s with {@code -Ddockmedic.outage.seconds=60}; 20 s by default, to keep CI short) while a
 * container keeps logging. The audit must say the engine is unreachable, recover by itself, and count every
 * line exactly once.
 */
class DockerOutageIT extends WithOperator {

    private static final int LINES = 300;
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("dockmedic.outage.seconds", 20));

    private final DockerFixture docker = new DockerFixture();
    private DockmedicOperator operator;

    @AfterEach
    void stopOperatorAndRemoveContainers() {
        if (operator != null) {
            operator.close();
        }
        docker.close();
    }

    @Test
    void anEngineOutageIsReportedRecoveredFromAndLosesOrRepeatsNoLine() throws Exception {
        DockerSettings env = DockerSettings.fromEnvironment(System.getenv());
        assumeThat(env.host()).as("the proxy forwards to a local socket").startsWith("unix://");
        String ns = api.namespace("dmhostile-outage");
        try (LoopbackProxy proxy = LoopbackProxy.start(Path.of(env.host().substring("unix://".length())))) {
            // The lines span the whole outage and some time on either side of it.
            long pauseMicros = (OUTAGE.toSeconds() + 40) * 1_000_000 / LINES;
            String container = "dmhostile-outage-" + shortId();
            docker.run(container, cmd -> cmd.withLabels(Map.of(AuditAccess.NAMESPACE_LABEL, ns)), "sh", "-c",
                    "i=1; while [ $i -le " + LINES + " ]; do echo \"ERROR deadlock detected while updating order $i\"; "
                            + "i=$((i+1)); usleep " + pauseMicros + "; done; exec sleep 3600");
            // Logs through the API, so that every read goes through the proxy too.
            DockerSettings defaults = new DockerSettings(proxy.host(), false, env.certPath(), env.connectTimeout(),
                    env.readTimeout(), false);
            operator = DockmedicOperator.start(client, new OperatorSettings(Set.of(ns), -1, false, false, ns,
                    "outage-1", 2, new AuditAccess(Set.of(proxy.host()), AuditAccess.ContainerScope.NAMESPACE_LABEL)),
                    defaults, Clock.systemUTC());
            createAudit(ns, "orders", "{\"dockerHost\":\"" + proxy.host() + "\",\"selector\":{\"names\":[\""
                    + container + "\"]},\"interval\":\"2s\"}");
            await().atMost(Duration.ofSeconds(60)).until(() -> occurrences(ns) > 0);
            await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);

            long before = occurrences(ns);
            Instant cut = Instant.now();
            proxy.cut();
            await().atMost(OUTAGE).pollInterval(Duration.ofMillis(100))
                    .until(() -> status(ns, AuditStatusBuilder.DOCKER_REACHABLE) == ConditionStatus.FALSE);
            Duration detected = Duration.between(cut, Instant.now());
            assertThat(status(ns, AuditStatusBuilder.READY)).isEqualTo(ConditionStatus.FALSE);
            assertThat(condition(ns, AuditStatusBuilder.READY).reason()).isEqualTo("EngineUnreachable");
            long during = occurrences(ns);
            Thread.sleep(Math.max(0, OUTAGE.minus(Duration.between(cut, Instant.now())).toMillis()));
            assertThat(occurrences(ns)).as("nothing counted while the engine is away").isEqualTo(during);

            Instant restored = Instant.now();
            proxy.restore();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> status(ns, AuditStatusBuilder.READY) == ConditionStatus.TRUE);
            Duration recovered = Duration.between(restored, Instant.now());

            // The container logs for another 40 s or so after the outage.
            await().atMost(Duration.ofSeconds(120)).until(() -> occurrences(ns) >= LINES);
            long scans = scans(ns, "orders");
            await().atMost(Duration.ofSeconds(30)).until(() -> scans(ns, "orders") >= scans + 2);
            List<RemediationTask> tasks = client.resources(RemediationTask.class).inNamespace(ns).list().getItems();
            long unreachableEvents = client.v1().events().inNamespace(ns).list().getItems().stream()
                    .filter(e -> "EngineUnreachable".equals(e.getReason())).count();
            System.out.printf("figure: Docker outage of %ds through a loopback proxy: DockerReachable=False after "
                    + "%.1f s, Ready=True again %.1f s after the restore; occurrences %d before the cut, %d at the end "
                    + "of %d lines; %d task(s), %d EngineUnreachable Event(s)%n", OUTAGE.toSeconds(),
                    detected.toMillis() / 1000.0, recovered.toMillis() / 1000.0, before, occurrences(ns), LINES,
                    tasks.size(), unreachableEvents);
            assertThat(tasks).singleElement()
                    .satisfies(t -> assertThat(t.getStatus().occurrences()).as("every line once").isEqualTo(LINES));
            assertThat(unreachableEvents).as("one Warning for the outage, not one per retry").isEqualTo(1);
        }
    }

    private static long occurrences(String ns) {
        return client.resources(RemediationTask.class).inNamespace(ns).list().getItems().stream()
                .filter(t -> t.getStatus() != null && t.getStatus().occurrences() != null)
                .mapToLong(t -> t.getStatus().occurrences()).sum();
    }

    private static Condition condition(String ns, String type) {
        LogAudit audit = client.resources(LogAudit.class).inNamespace(ns).withName("orders").get();
        return audit == null || audit.getStatus() == null ? null : Condition.find(audit.getStatus().conditions(), type);
    }

    private static ConditionStatus status(String ns, String type) {
        Condition c = condition(ns, type);
        return c == null ? null : c.status();
    }
}
