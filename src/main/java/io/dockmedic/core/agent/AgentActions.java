package io.dockmedic.core.agent;

import io.dockmedic.core.task.Claim;
import io.dockmedic.core.task.HistoryEntry;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.Resolution;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskDecision;
import io.dockmedic.core.task.TaskPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What an agent may do to a task, decided from the copy it read: claim it, renew or release its claim,
 * report a fix. Pure; the write that follows carries the version of that copy, so of two agents that
 * decided from the same copy exactly one succeeds.
 */
public final class AgentActions {

    /** Phases in which a task waits for someone to work on it. */
    public static final Set<TaskPhase> CLAIMABLE = Set.of(TaskPhase.Open, TaskPhase.Regressed, TaskPhase.Failed);
    /** Longest lease an agent may take; it renews for more. */
    public static final Duration MAX_LEASE = Duration.ofHours(24);
    static final int HISTORY_LIMIT = 100;

    private AgentActions() {
    }

    /** Whether the task can be claimed now: it waits for work, or its claim's lease has passed. */
    public static boolean claimable(StoredTask task, Instant now) {
        TaskPhase phase = task.phase();
        if (phase == null || silenced(task)) {
            return false;
        }
        return CLAIMABLE.contains(phase) || (phase == TaskPhase.Claimed && leaseExpired(task.status().claim(), now));
    }

    /** Claims the task for {@code agent} until now + {@code lease}. */
    public static AgentWrite claim(StoredTask task, String agent, Duration lease, String note, Instant now) {
        checkAgent(agent);
        checkLease(lease);
        if (!claimable(task, now)) {
            throw new AgentRefusedException(refusal(task, now));
        }
        Claim claim = new Claim(agent, now.toString(), now.plus(lease).toString(), note);
        return write(task, TaskPhase.Claimed, now, agent, "Claimed", "Claimed by " + agent + " until "
                + claim.expiresAt() + ".", b -> b.claim(claim), Set.of());
    }

    /** Extends the claim of {@code agent} to now + {@code lease}. */
    public static AgentWrite renew(StoredTask task, String agent, Duration lease, Instant now) {
        checkLease(lease);
        Claim held = heldBy(task, agent, now);
        Claim renewed = new Claim(agent, held.claimedAt(), now.plus(lease).toString(), held.note());
        RemediationTaskStatus patch = new RemediationTaskStatus.Builder().claim(renewed).build();
        return new AgentWrite(patch, Set.of());
    }

    /** Gives the task back: it is Open again for the next agent. */
    public static AgentWrite release(StoredTask task, String agent, String reason, Instant now) {
        heldBy(task, agent, now);
        String why = reason == null || reason.isBlank() ? "" : " " + reason.strip();
        return write(task, TaskPhase.Open, now, agent, "Released", "Released by " + agent + "." + why, b -> { },
                Set.of(TaskDecision.CLAIM));
    }

    /**
     * Reports the fix: the task becomes Fixed with the agent's resolution, and dockmedic verifies it by
     * watching for the issue during its quiet period.
     */
    public static AgentWrite resolve(StoredTask task, String agent, String summary, List<String> changes,
            String learning, Instant now) {
        if (summary == null || summary.isBlank()) {
            throw new IllegalArgumentException("a resolution needs a summary of what was done");
        }
        heldBy(task, agent, now);
        Resolution resolution = new Resolution(agent, now.toString(), summary.strip(), changes,
                learning == null || learning.isBlank() ? null : learning.strip());
        return write(task, TaskPhase.Fixed, now, agent, "FixReported", "Fixed by " + agent + ": " + summary.strip(),
                b -> b.resolution(resolution), Set.of());
    }

    /** The claim on {@code task} if {@code agent} holds it and its lease has not passed. */
    private static Claim heldBy(StoredTask task, String agent, Instant now) {
        checkAgent(agent);
        Claim claim = task.status() == null ? null : task.status().claim();
        if (task.phase() != TaskPhase.Claimed || claim == null) {
            throw new AgentRefusedException("task " + task.name() + " is " + task.phase() + ", not claimed; claim it "
                    + "first");
        }
        if (!agent.equals(claim.agent())) {
            throw new AgentRefusedException("task " + task.name() + " is claimed by " + claim.agent() + ", not by "
                    + agent);
        }
        if (leaseExpired(claim, now)) {
            throw new AgentRefusedException("the claim of " + agent + " on " + task.name() + " expired at "
                    + claim.expiresAt() + "; claim it again");
        }
        return claim;
    }

    private static AgentWrite write(StoredTask task, TaskPhase phase, Instant now, String agent, String reason,
            String message, java.util.function.Consumer<RemediationTaskStatus.Builder> fields, Set<String> cleared) {
        List<HistoryEntry> history = new ArrayList<>(task.status().history() == null ? List.of()
                : task.status().history());
        history.add(new HistoryEntry(now.toString(), phase, reason, message, agent));
        while (history.size() > HISTORY_LIMIT) {
            history.remove(1);
        }
        RemediationTaskStatus.Builder patch = new RemediationTaskStatus.Builder().phase(phase)
                .phaseSince(now.toString()).history(List.copyOf(history));
        fields.accept(patch);
        return new AgentWrite(patch.build(), cleared);
    }

    private static String refusal(StoredTask task, Instant now) {
        if (silenced(task)) {
            return "task " + task.name() + " is silenced (" + task.status().silence().reason() + ")";
        }
        if (task.phase() == TaskPhase.Claimed) {
            Claim claim = task.status().claim();
            return "task " + task.name() + " is claimed by " + (claim == null ? "someone" : claim.agent())
                    + (claim == null || claim.expiresAt() == null ? "" : " until " + claim.expiresAt());
        }
        return "task " + task.name() + " is " + task.phase() + "; only Open, Regressed and Failed tasks (or a claim "
                + "whose lease passed) can be claimed";
    }

    private static boolean silenced(StoredTask task) {
        return task.status() != null && task.status().silence() != null
                && "IGNORE".equals(task.status().silence().effect());
    }

    private static boolean leaseExpired(Claim claim, Instant now) {
        return claim != null && claim.expiresAt() != null && now.isAfter(Instant.parse(claim.expiresAt()));
    }

    private static void checkAgent(String agent) {
        if (agent == null || agent.isBlank()) {
            throw new IllegalArgumentException("an agent name is required");
        }
    }

    private static void checkLease(Duration lease) {
        if (lease.isNegative() || lease.isZero() || lease.compareTo(MAX_LEASE) > 0) {
            throw new IllegalArgumentException("a lease must be longer than 0 and at most 24h, was " + lease);
        }
    }
}
