package io.dockmedic.core.agent;

import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskConflictException;
import io.dockmedic.core.task.TaskNotFoundException;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.core.task.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The agents' side of the task protocol over a {@link TaskStore}: list work in priority order, claim the
 * next task, renew, release and resolve. Every write is conditional on the version read; a conflict means
 * someone else wrote, so the task is read again and the decision made again.
 */
public final class AgentDesk {

    /** Most urgent first: severity, then most recently seen, most frequent, then name. */
    public static final Comparator<StoredTask> PRIORITY = Comparator
            .comparing((StoredTask t) -> t.status().severity(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing((StoredTask t) -> t.status().lastSeen() == null ? Instant.EPOCH
                    : Instant.parse(t.status().lastSeen()), Comparator.reverseOrder())
            .thenComparing((StoredTask t) -> t.status().occurrences() == null ? 0L : t.status().occurrences(),
                    Comparator.reverseOrder())
            .thenComparing(StoredTask::name);
    /** Re-decisions after conflicts before giving up: each conflict means another writer made progress. */
    static final int MAX_ATTEMPTS = 20;

    private final TaskStore store;
    private final Clock clock;

    public AgentDesk(TaskStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The tasks in priority order, only those in {@code phases} when it is not empty. */
    public List<StoredTask> list(Set<TaskPhase> phases) {
        return store.listAll().stream()
                .filter(t -> t.phase() != null && (phases.isEmpty() || phases.contains(t.phase())))
                .sorted(PRIORITY)
                .toList();
    }

    /** One task. */
    public StoredTask get(String name) {
        return store.get(name).orElseThrow(() -> new TaskNotFoundException("task " + name + " not found"));
    }

    /**
     * Claims the most urgent claimable task for {@code agent}; when another agent wins a task first, the
     * next one is tried.
     *
     * @return the claimed task, or empty when no task is claimable
     */
    public Optional<StoredTask> next(String agent, Duration lease, String note) {
        Instant now = clock.instant();
        List<StoredTask> candidates = store.listAll().stream()
                .filter(t -> AgentActions.claimable(t, now))
                .sorted(PRIORITY)
                .toList();
        for (StoredTask candidate : candidates) {
            try {
                return Optional.of(update(candidate, (task, at) -> AgentActions.claim(task, agent, lease, note, at)));
            } catch (AgentRefusedException | TaskNotFoundException | TaskConflictException e) {
                // Another agent took it, it was deleted, or it kept changing under us: try the next.
            }
        }
        return Optional.empty();
    }

    /** Claims one named task. */
    public StoredTask claim(String name, String agent, Duration lease, String note) {
        return update(get(name), (task, at) -> AgentActions.claim(task, agent, lease, note, at));
    }

    /** Extends the lease of {@code agent}'s claim. */
    public StoredTask renew(String name, String agent, Duration lease) {
        return update(get(name), (task, at) -> AgentActions.renew(task, agent, lease, at));
    }

    /** Gives the task back. */
    public StoredTask release(String name, String agent, String reason) {
        return update(get(name), (task, at) -> AgentActions.release(task, agent, reason, at));
    }

    /** Reports the fix of a task {@code agent} holds. */
    public StoredTask resolve(String name, String agent, String summary, List<String> changes, String learning) {
        return update(get(name), (task, at) -> AgentActions.resolve(task, agent, summary, changes, learning, at));
    }

    /**
     * Decides from the copy read and writes conditionally; on a conflict reads again and decides again (the
     * decision refuses when the fresh copy no longer allows it, e.g. another agent's claim).
     */
    private StoredTask update(StoredTask read, BiFunction<StoredTask, Instant, AgentWrite> decide) {
        StoredTask task = read;
        for (int attempt = 1; ; attempt++) {
            AgentWrite write = decide.apply(task, clock.instant());
            try {
                return store.patchStatus(task.name(), task.version(), write.patch(), write.cleared());
            } catch (TaskConflictException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
                String name = task.name();
                task = store.get(name).orElseThrow(() -> new TaskNotFoundException("task " + name + " not found"));
            }
        }
    }

    /** A short, growing, jittered wait before reading again, so writers that collided do not collide again. */
    private static void pause(int attempt) {
        long millis = java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 20L * Math.min(attempt, 10));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
