package io.dockmedic.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.core.agent.AgentDesk;
import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerState;
import io.dockmedic.core.fix.FixAction;
import io.dockmedic.core.fix.FixOutcome;
import io.dockmedic.core.fix.RestartPolicy;
import io.dockmedic.core.mining.MinerSnapshot;
import io.dockmedic.core.mining.TemplateMiner;
import io.dockmedic.core.scan.InMemoryContainerRuntime;
import io.dockmedic.core.task.FixResult;
import io.dockmedic.core.task.Notice;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskNotifier;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.core.task.TaskStore;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The task lifecycle as the operator and {@code dockmedic watch} both run it ({@link AuditCycle}), against
 * each task store: a store that passes these behaves the same in both modes. Containers and logs are held in
 * memory; time is moved by hand.
 */
public abstract class AuditCycleContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    /** A new, empty store. */
    protected abstract TaskStore newStore();

    private final MovableClock clock = new MovableClock(T0);
    private final InMemoryContainerRuntime runtime = new InMemoryContainerRuntime();
    private final List<String> notices = new ArrayList<>();
    private final List<FixAction> fixesRun = new ArrayList<>();
    private TaskStore store;
    private AuditCycle cycle;
    private AuditCycle.Ports ports;

    @BeforeEach
    void newCycle() {
        store = newStore();
        cycle = new AuditCycle(clock, line -> { });
        TaskNotifier notifier = (task, published) -> published.forEach(n -> notices.add(n.kind().reason()));
        ports = new AuditCycle.Ports(store, notifier, new HeldTemplates(), runtime, (action, containerId) -> {
            fixesRun.add(action);
            return new FixOutcome(true, null, null, "restarted");
        });
    }

    @Test
    void anErrorBecomesOneOpenTaskAndNoLineIsCountedTwice() {
        LogAudit audit = scannedWithOneError("{\"resolveAfter\":\"1m\"}");
        assertThat(onlyTask().status().phase()).isEqualTo(TaskPhase.Open);
        assertThat(onlyTask().status().occurrences()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(10));
        audit = run(audit);
        assertThat(onlyTask().status().occurrences()).as("nothing new was logged").isEqualTo(1);

        clock.advance(Duration.ofSeconds(10));
        runtime.log("c1", clock.instant().minusSeconds(1), "ERROR deadlock detected while updating order 18");
        run(audit);
        assertThat(onlyTask().status().occurrences()).isEqualTo(2);
        assertThat(notices).containsOnlyOnce("IssueDetected");
    }

    @Test
    void aScanACrashInterruptedBeforeItsStatusIsRepeatedUncountedAndTheLinesSinceAreScannedWithoutWaiting() {
        LogAudit audit = scannedWithOneError("{\"interval\":\"5m\"}");
        LogAuditStatus committed = audit.getStatus();

        // Scan 2 writes its tasks, then the process dies: its status is never recorded.
        clock.advance(Duration.ofSeconds(10));
        runtime.log("c1", clock.instant().minusSeconds(1), "ERROR deadlock detected while updating order 18");
        cycle.run(audit, settings(audit), "unix:///in-memory", ports);
        audit.setStatus(committed);
        assertThat(onlyTask().status().occurrences()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(10));
        runtime.log("c1", clock.instant().minusSeconds(1), "ERROR deadlock detected while updating order 19");
        AuditCycle.Outcome repeat = cycle.run(audit, settings(audit), "unix:///in-memory", ports);
        assertThat(repeat.repeated()).isTrue();
        assertThat(repeat.next()).as("not the 5m interval").isZero();
        assertThat(onlyTask().status().occurrences()).as("scan 2 is not counted twice").isEqualTo(2);
        audit.setStatus(repeat.status());

        AuditCycle.Outcome caughtUp = cycle.run(audit, settings(audit), "unix:///in-memory", ports);
        assertThat(caughtUp.repeated()).isFalse();
        assertThat(caughtUp.next()).isEqualTo(Duration.ofMinutes(5));
        assertThat(onlyTask().status().occurrences()).as("the line logged after the crash").isEqualTo(3);
    }

    @Test
    void anAgentsFixIsVerifiedResolvedAfterTheQuietPeriodAndARecurrenceRegressesWithItsLearning() {
        LogAudit audit = scannedWithOneError("{\"resolveAfter\":\"1m\"}");

        AgentDesk agent = new AgentDesk(store, clock);
        String name = agent.next("agent-7", Duration.ofMinutes(10), null).orElseThrow().name();
        agent.resolve(name, "agent-7", "Ordered the row locks by id", List.of("orders/repository.py"),
                "Two writers locked rows in opposite orders; lock in id order.");
        clock.advance(Duration.ofSeconds(10));
        audit = run(audit);
        assertThat(onlyTask().status().phase()).isEqualTo(TaskPhase.Verifying);

        clock.advance(Duration.ofSeconds(30));
        audit = run(audit);
        assertThat(onlyTask().status().phase()).as("the quiet period has not passed").isEqualTo(TaskPhase.Verifying);

        clock.advance(Duration.ofSeconds(40));
        audit = run(audit);
        assertThat(onlyTask().status().phase()).isEqualTo(TaskPhase.Resolved);

        clock.advance(Duration.ofSeconds(5));
        runtime.log("c1", clock.instant().minusSeconds(1), "ERROR deadlock detected while updating order 99");
        run(audit);
        StoredTask regressed = onlyTask();
        assertThat(regressed.name()).isEqualTo(name);
        assertThat(regressed.status().phase()).isEqualTo(TaskPhase.Regressed);
        assertThat(regressed.status().occurrences()).isEqualTo(2);
        assertThat(regressed.status().claim()).as("the next agent can claim it").isNull();
        assertThat(regressed.status().previousFixes()).singleElement()
                .satisfies(fix -> assertThat(fix.learning()).contains("lock in id order"));
        assertThat(notices).contains("IssueDetected", "VerifyingFix", "IssueResolved", "IssueRegressed");
    }

    @Test
    void aCrashedOptedInContainerIsRestartedOnceWrittenAheadAndThenVerified() {
        LogAudit audit = audit("{\"resolveAfter\":\"1m\",\"remediation\":{\"mode\":\"Auto\",\"restart\":{},"
                + "\"budget\":{\"maxAttempts\":2,\"backoff\":\"1m\"}}}");
        runtime.add(container("c2", "worker", Map.of(RestartPolicy.OPT_IN_LABEL, "true"),
                new ContainerState("exited", 3, false, 0, null, 0, null, T0.minusSeconds(60), T0.minusSeconds(30), null)));

        audit = run(audit);
        assertThat(fixesRun).hasSize(1);
        StoredTask task = onlyTask();
        assertThat(task.status().attempts()).singleElement()
                .satisfies(a -> assertThat(a.result()).isEqualTo(FixResult.Succeeded));
        assertThat(task.status().phase()).isEqualTo(TaskPhase.Verifying);

        runtime.setState("c2", running());
        clock.advance(Duration.ofSeconds(10));
        run(audit);
        assertThat(fixesRun).as("a running container is not restarted again").hasSize(1);
        assertThat(onlyTask().status().attempts()).hasSize(1);
        assertThat(notices).contains("RemediationStarted", "RemediationSucceeded");
    }

    @Test
    void anUnreachableEngineChangesNoTaskAndSaysSoInTheStatus() {
        LogAudit audit = scannedWithOneError("{}");
        StoredTask before = onlyTask();

        runtime.unavailable(true);
        clock.advance(Duration.ofSeconds(10));
        AuditCycle.Outcome outcome = cycle.run(audit, settings(audit), "unix:///in-memory", ports);
        assertThat(outcome.engineUnreachable()).isTrue();
        assertThat(outcome.status().conditions()).anySatisfy(c -> assertThat(c.reason()).isEqualTo("EngineUnreachable"));
        assertThat(onlyTask().version()).isEqualTo(before.version());
    }

    /** An audit of {@code spec} after its first cycle, which found one error logged by container c1. */
    private LogAudit scannedWithOneError(String spec) {
        runtime.add(container("c1", "api", Map.of(), running()));
        runtime.log("c1", T0.minusSeconds(5), "ERROR deadlock detected while updating order 17");
        return run(audit(spec));
    }

    /** One cycle; the returned audit carries the status it recorded, as the next cycle would read it. */
    private LogAudit run(LogAudit audit) {
        AuditCycle.Outcome outcome = cycle.run(audit, settings(audit), "unix:///in-memory", ports);
        assertThat(outcome.engineUnreachable()).isFalse();
        audit.setStatus(outcome.status());
        return audit;
    }

    private StoredTask onlyTask() {
        List<StoredTask> tasks = store.listAll().stream().filter(t -> t.status() != null).toList();
        assertThat(tasks).hasSize(1);
        return tasks.get(0);
    }

    private static AuditSettings settings(LogAudit audit) {
        return AuditSettings.of(audit.getSpec());
    }

    private static LogAudit audit(String spec) {
        try {
            LogAudit audit = JSON.readValue("{\"apiVersion\":\"dockmedic.io/v1alpha1\",\"kind\":\"LogAudit\","
                    + "\"metadata\":{\"name\":\"contract\",\"generation\":1},\"spec\":" + spec + "}", LogAudit.class);
            audit.getMetadata().setUid(UUID.randomUUID().toString());
            return audit;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ContainerInfo container(String id, String name, Map<String, String> labels, ContainerState state) {
        return new ContainerInfo(id, name, "img/" + name, labels, state);
    }

    private static ContainerState running() {
        return new ContainerState("running", 0, false, 0, null, 0, null, T0.minusSeconds(3600), null, null);
    }

    /** Templates kept in memory, as a ConfigMap or a file keeps them across cycles. */
    private static final class HeldTemplates implements TemplateArchive {
        private MinerSnapshot saved;

        @Override
        public Restored load(LogAudit audit) {
            return saved == null ? new Restored(new TemplateMiner(), 0, null)
                    : new Restored(TemplateMiner.restore(saved), saved.templates().size(), null);
        }

        @Override
        public void save(LogAudit audit, MinerSnapshot snapshot) {
            saved = snapshot;
        }
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
