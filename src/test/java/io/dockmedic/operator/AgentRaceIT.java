package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.agent.AgentActions;
import io.dockmedic.core.agent.AgentDesk;
import io.dockmedic.core.agent.AgentRefusedException;
import io.dockmedic.core.agent.AgentWrite;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.task.RemediationTaskSpec;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskConflictException;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.core.task.TaskStore;
import io.dockmedic.operator.task.KubernetesTaskStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Agents racing for tasks on the real kube-apiserver while an operator-like writer keeps counting
 * occurrences: no task is ever held by two agents, and neither side's writes are lost. Prints the figures.
 */
class AgentRaceIT extends WithApiServer {

    private static final int AGENTS = 8;
    /** 100 keeps CI within its budget on a loaded machine; -Ddockmedic.race.attempts=200 for the full run. */
    private static final int ATTEMPTS_PER_AGENT = Integer.getInteger("dockmedic.race.attempts", 100);
    private static final int TASKS = 6;
    private static final Duration LEASE = Duration.ofMinutes(10);

    private final AtomicLong conflicts = new AtomicLong();

    @Test
    void everyTaskIsHeldByOneAgentAtATimeAndNoWriteIsLost() throws Exception {
        String ns = api.namespace("dmop-race");
        KubernetesTaskStore operatorStore = KubernetesTaskStore.forOperator(client, ns);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            names.add("task-" + i);
            AgentFixtures.openTask(operatorStore, "task-" + i, Severity.values()[i % 4], Instant.now(), "ERROR " + i);
        }
        Map<String, String> holders = new ConcurrentHashMap<>();
        AtomicLong doubleClaims = new AtomicLong();
        AtomicLong claims = new AtomicLong();
        AtomicLong racesLost = new AtomicLong();
        AtomicLong nothingClaimable = new AtomicLong();
        Map<String, AtomicLong> counted = new ConcurrentHashMap<>();
        names.forEach(n -> counted.put(n, new AtomicLong()));
        AtomicLong operatorConflicts = new AtomicLong();
        AtomicBoolean racing = new AtomicBoolean(true);

        ExecutorService pool = Executors.newFixedThreadPool(AGENTS + 1);
        long started = System.nanoTime();
        // The operator: keeps adding occurrences with conditional writes, re-reading on every 409 as TaskWriter does.
        Future<?> operator = pool.submit(() -> {
            Random random = new Random(7);
            while (racing.get()) {
                String name = names.get(random.nextInt(TASKS));
                for (int attempt = 1; ; attempt++) {
                    StoredTask task = operatorStore.get(name).orElseThrow();
                    RemediationTaskStatus patch = new RemediationTaskStatus.Builder()
                            .occurrences(task.status().occurrences() + 1).lastSeen(Instant.now().toString()).build();
                    try {
                        operatorStore.patchStatus(name, task.version(), patch, Set.of());
                        counted.get(name).incrementAndGet();
                        break;
                    } catch (TaskConflictException e) {
                        operatorConflicts.incrementAndGet();
                    }
                }
            }
            return null;
        });
        List<Future<?>> agents = new ArrayList<>();
        for (int a = 0; a < AGENTS; a++) {
            String agent = "agent-" + a;
            TaskStore store = counting(new KubernetesTaskStore(client, ns, "dockmedic-agent"));
            AgentDesk desk = new AgentDesk(store, Clock.systemUTC());
            Random random = new Random(a);
            agents.add(pool.submit(() -> {
                for (int i = 0; i < ATTEMPTS_PER_AGENT; i++) {
                    Optional<StoredTask> won;
                    if (i % 2 == 0) {
                        won = desk.next(agent, LEASE, null);
                        if (won.isEmpty()) {
                            nothingClaimable.incrementAndGet();
                        }
                    } else {
                        won = rawClaim(store, names.get(random.nextInt(TASKS)), agent, racesLost);
                    }
                    if (won.isEmpty()) {
                        continue;
                    }
                    claims.incrementAndGet();
                    String name = won.get().name();
                    if (holders.putIfAbsent(name, agent) != null) {
                        doubleClaims.incrementAndGet();
                    }
                    assertThat(won.get().status().claim().agent()).isEqualTo(agent);
                    // Let go of the record first: once the release is written, another agent may win at once.
                    holders.remove(name, agent);
                    desk.release(name, agent, null);
                }
                return null;
            }));
        }
        for (Future<?> agent : agents) {
            agent.get();
        }
        racing.set(false);
        operator.get();
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;

        long lostCounts = 0;
        for (String name : names) {
            StoredTask task = operatorStore.get(name).orElseThrow();
            lostCounts += Math.abs(1 + counted.get(name).get() - task.status().occurrences());
            assertThat(task.status().phase()).as(name + " released last").isEqualTo(TaskPhase.Open);
            assertThat(task.status().claim()).isNull();
            assertThat(task.status().severity()).as("the operator's fields survive").isNotNull();
        }
        long operatorWrites = counted.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.printf("agent race: %d agents x %d attempts over %d tasks in %.1f s: %d claims won, %d races lost "
                        + "(claim refused or 409 on a raw claim), %d times nothing claimable, %d agent 409s seen, "
                        + "%d operator count writes (%d operator 409s), double claims %d, lost count updates %d%n",
                AGENTS, ATTEMPTS_PER_AGENT, TASKS, seconds, claims.get(), racesLost.get(), nothingClaimable.get(),
                conflicts.get(), operatorWrites, operatorConflicts.get(), doubleClaims.get(), lostCounts);
        assertThat(doubleClaims.get()).isZero();
        assertThat(lostCounts).isZero();
        assertThat(claims.get()).isGreaterThan(AGENTS);
        assertThat(operatorWrites).as("the operator wrote during the race").isPositive();
        assertThat(conflicts.get()).as("the race was real").isPositive();
    }

    /** A claim with one conditional patch from the copy read, as an agent using kubectl would do it. */
    private Optional<StoredTask> rawClaim(TaskStore store, String name, String agent, AtomicLong racesLost) {
        StoredTask copy = store.get(name).orElseThrow();
        Instant now = Instant.now();
        if (!AgentActions.claimable(copy, now)) {
            racesLost.incrementAndGet();
            return Optional.empty();
        }
        AgentWrite write = AgentActions.claim(copy, agent, LEASE, null, now);
        try {
            return Optional.of(store.patchStatus(name, copy.version(), write.patch(), write.cleared()));
        } catch (TaskConflictException e) {
            racesLost.incrementAndGet();
            return Optional.empty();
        } catch (AgentRefusedException e) {
            racesLost.incrementAndGet();
            return Optional.empty();
        }
    }

    /** The store, counting the 409s it gets. */
    private TaskStore counting(TaskStore store) {
        return new TaskStore() {
            @Override
            public List<StoredTask> list(String auditLabel) {
                return store.list(auditLabel);
            }

            @Override
            public List<StoredTask> listAll() {
                return store.listAll();
            }

            @Override
            public Optional<StoredTask> get(String name) {
                return store.get(name);
            }

            @Override
            public StoredTask create(String name, Map<String, String> labels, AuditOwner owner,
                    RemediationTaskSpec spec) {
                return store.create(name, labels, owner, spec);
            }

            @Override
            public StoredTask updateMetadata(StoredTask task, Map<String, String> labels, AuditOwner owner) {
                return store.updateMetadata(task, labels, owner);
            }

            @Override
            public StoredTask patchStatus(String name, String version, RemediationTaskStatus patch,
                    Set<String> cleared) {
                try {
                    return store.patchStatus(name, version, patch, cleared);
                } catch (TaskConflictException e) {
                    conflicts.incrementAndGet();
                    throw e;
                }
            }
        };
    }
}
