package io.dockmedic.core.fix;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.task.FixAttempt;
import io.dockmedic.core.task.FixResult;
import io.dockmedic.core.task.HistoryEntry;
import io.dockmedic.core.task.Notice;
import io.dockmedic.core.task.RemediationTaskSpec;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.Resolution;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskDecision;
import io.dockmedic.core.task.TaskLifecycle;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.core.task.TaskWork;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides automatic fixes under the safety rails: only what the policy declares, only on opted-in
 * containers, within each task's budget and back-off, never past the storm brake, and in DryRun mode only
 * on paper. Pure: budgets come from the attempts recorded in the tasks, time comes in as {@code now}.
 */
public final class FixPlanner {

    static final int ATTEMPTS_LIMIT = 50;
    static final int OUTPUT_LIMIT = 4096;
    private static final Set<TaskPhase> ACTIONABLE = Set.of(TaskPhase.Open, TaskPhase.Regressed);

    private final RemediationPolicy policy;
    private final Function<RemediationTaskStatus, Map<String, String>> labels;

    /**
     * @param labels the labels a task with a given status carries (the planner's)
     */
    public FixPlanner(RemediationPolicy policy, Function<RemediationTaskStatus, Map<String, String>> labels) {
        this.policy = policy;
        this.labels = labels;
    }

    /**
     * The fix decisions for the audit's tasks after this scan was planned.
     *
     * @param work every task of the audit, as planned (in priority order)
     * @param containers the engine's containers now
     */
    public FixPlan decide(List<TaskWork> work, Collection<ContainerInfo> containers, Instant now) {
        if (policy.mode() == FixMode.Off) {
            return new FixPlan(work, List.of(), null);
        }
        boolean dry = policy.mode() == FixMode.DryRun;
        Set<String> restarted = restartedInWindow(work, dry, now);
        List<TaskWork> result = new ArrayList<>(work.size());
        List<FixOrder> orders = new ArrayList<>();
        Instant next = null;
        for (TaskWork w : work) {
            Decision d = decideOne(w, containers, restarted, dry, now);
            result.add(d.work);
            if (d.order != null) {
                orders.add(d.order);
                if (d.order.action().kind() == FixAction.Kind.RESTART) {
                    restarted.add(d.order.containerName());
                }
            }
            if (d.waitUntil != null && (next == null || d.waitUntil.isBefore(next))) {
                next = d.waitUntil;
            }
        }
        return new FixPlan(result, orders, next);
    }

    /**
     * The status write after an action ended: the attempt completed, and a task still Remediating moves to
     * Verifying (its fix is watched like anyone's) or Failed (it needs a person or an agent).
     *
     * @return the status patch, the notices to report, or empty when the attempt is not found
     */
    public static Optional<Completion> complete(StoredTask task, FixOrder order, FixOutcome outcome, Instant now) {
        RemediationTaskStatus s = task.statusOrEmpty();
        List<FixAttempt> attempts = new ArrayList<>(s.attempts() == null ? List.of() : s.attempts());
        int index = -1;
        for (int i = 0; i < attempts.size(); i++) {
            if (attempts.get(i).number() == order.attempt()) {
                index = i;
            }
        }
        if (index < 0) {
            return Optional.empty();
        }
        FixResult result = outcome.succeeded() ? FixResult.Succeeded : FixResult.Failed;
        String output = TaskLifecycle.abbreviate(outcome.output(), OUTPUT_LIMIT);
        attempts.set(index, attempts.get(index).finished(result, now.toString(), outcome.exitCode(), output,
                outcome.message()));
        RemediationTaskStatus.Builder patch = new RemediationTaskStatus.Builder().attempts(List.copyOf(attempts));
        List<Notice> notices = new ArrayList<>();
        String what = "Attempt " + order.attempt() + " (" + describe(order) + ")";
        if (s.phase() == TaskPhase.Remediating) {
            List<HistoryEntry> history = new ArrayList<>(s.history() == null ? List.of() : s.history());
            if (outcome.succeeded()) {
                String message = what + " succeeded: " + outcome.message() + "; verifying that the issue stays away.";
                patch.phase(TaskPhase.Verifying).phaseSince(now.toString()).resolution(new Resolution(
                        TaskLifecycle.ACTOR, now.toString(), describe(order) + " (attempt " + order.attempt() + ").",
                        List.of(), null));
                notices.add(new Notice(Notice.Kind.FIX_SUCCEEDED, message));
                history.add(new HistoryEntry(now.toString(), TaskPhase.Verifying, Notice.Kind.FIX_SUCCEEDED.reason(),
                        message, TaskLifecycle.ACTOR));
            } else {
                String message = what + " failed: " + outcome.message() + "; handing the task to an agent.";
                patch.phase(TaskPhase.Failed).phaseSince(now.toString());
                notices.add(new Notice(Notice.Kind.FIX_FAILED, message));
                history.add(new HistoryEntry(now.toString(), TaskPhase.Failed, Notice.Kind.FIX_FAILED.reason(),
                        message, TaskLifecycle.ACTOR));
            }
            patch.history(List.copyOf(history));
        }
        return Optional.of(new Completion(patch.build(), notices, result));
    }

    /**
     * A completed attempt's status write.
     *
     * @param patch the fields to write
     * @param notices what to report
     * @param result how the attempt ended
     */
    public record Completion(RemediationTaskStatus patch, List<Notice> notices, FixResult result) {
    }

    private record Decision(TaskWork work, FixOrder order, Instant waitUntil) {
        static Decision none(TaskWork work) {
            return new Decision(work, null, null);
        }
    }

    private Decision decideOne(TaskWork w, Collection<ContainerInfo> containers, Set<String> restarted, boolean dry,
            Instant now) {
        RemediationTaskStatus s = w.resultingStatus();
        RemediationTaskSpec spec = w.taskSpec();
        if (!ACTIONABLE.contains(s.phase()) || ignored(s) || !activeNow(w)) {
            return Decision.none(w);
        }
        Choice choice = choose(spec, s);
        if (choice == null) {
            return Decision.none(w);
        }
        ContainerInfo target = target(choice.action, s, containers);
        if (target == null) {
            return Decision.none(w);
        }
        if (choice.action.kind() == FixAction.Kind.RESTART && (policy.restart() == null
                || !policy.restart().eligible(target))) {
            return Decision.none(w); // never touch a container that was not opted in
        }
        FixBudget budget = policy.budget();
        List<FixAttempt> attempts = s.attempts() == null ? List.of() : s.attempts();
        List<FixAttempt> inWindow = attempts.stream()
                .filter(a -> Boolean.TRUE.equals(a.dryRun()) == dry)
                .filter(a -> Instant.parse(a.startedAt()).isAfter(now.minus(budget.window())))
                .toList();
        if (inWindow.size() >= budget.maxAttempts()) {
            return dry ? Decision.none(w) : handOver(w, Notice.Kind.BUDGET_EXHAUSTED, inWindow.size() + " of "
                    + budget.maxAttempts() + " automatic attempts in " + text(budget.window())
                    + " used; handing the task to an agent.", now);
        }
        if (!inWindow.isEmpty()) {
            FixAttempt last = inWindow.get(inWindow.size() - 1);
            Instant allowed = Instant.parse(last.startedAt()).plus(budget.backoffAfter(inWindow.size()));
            if (last.result() == FixResult.Succeeded && last.finishedAt() != null) {
                Instant cooled = Instant.parse(last.finishedAt()).plus(budget.cooldown());
                allowed = cooled.isAfter(allowed) ? cooled : allowed;
            }
            if (now.isBefore(allowed)) {
                return new Decision(w, null, allowed);
            }
        }
        if (choice.action.kind() == FixAction.Kind.RESTART && !restarted.contains(target.name())
                && restarted.size() >= budget.maxContainersPerWindow()) {
            return dry ? Decision.none(w) : handOver(w, Notice.Kind.STORM_BRAKE, restarted.size()
                    + " containers of this audit were already restarted within " + text(budget.window())
                    + " (at most " + budget.maxContainersPerWindow() + "): the cause is likely elsewhere; handing the "
                    + "task to an agent.", now);
        }
        return record(w, choice, target, attempts, dry, now);
    }

    private record Choice(String policy, FixAction action) {
    }

    /** The first runbook that matches, else the restart policy when it matches. */
    private Choice choose(RemediationTaskSpec spec, RemediationTaskStatus s) {
        for (Runbook runbook : policy.runbooks()) {
            if (runbook.match().matches(spec, s.severity())) {
                return new Choice("runbook:" + runbook.name(), runbook.action());
            }
        }
        RestartPolicy restart = policy.restart();
        if (restart != null && restart.matches(spec, s.severity())) {
            return new Choice("restart", FixAction.restart(FixAction.DEFAULT_TIMEOUT));
        }
        return null;
    }

    private static ContainerInfo target(FixAction action, RemediationTaskStatus s, Collection<ContainerInfo> all) {
        if (action.container() != null) {
            return all.stream().filter(c -> c.name().equals(action.container())).findFirst().orElse(null);
        }
        return all.stream().filter(c -> c.id().equals(s.containerId())).findFirst()
                .or(() -> all.stream().filter(c -> c.name().equals(s.containerName())).findFirst())
                .orElse(null);
    }

    private Decision record(TaskWork w, Choice choice, ContainerInfo target, List<FixAttempt> attempts, boolean dry,
            Instant now) {
        int number = attempts.isEmpty() ? 1 : attempts.get(attempts.size() - 1).number() + 1;
        FixAction action = choice.action;
        boolean exec = action.kind() == FixAction.Kind.EXEC;
        FixAttempt attempt = new FixAttempt(number, action.kind().id(), choice.policy, target.name(), target.id(),
                exec ? action.argv() : null, exec ? action.user() : null, dry ? Boolean.TRUE : null, now.toString(),
                dry ? now.toString() : null, dry ? FixResult.DryRun : FixResult.Started, null, null,
                dry ? "Dry run: nothing was done." : null);
        List<FixAttempt> kept = new ArrayList<>(attempts);
        kept.add(attempt);
        while (kept.size() > ATTEMPTS_LIMIT) {
            kept.remove(0);
        }
        FixOrder order = new FixOrder(w.name(), number, action, target.id(), target.name());
        String what = describe(order);
        RemediationTaskStatus next = w.decision().next().toBuilder().attempts(List.copyOf(kept)).build();
        if (dry) {
            return new Decision(amend(w, next, null, Notice.Kind.FIX_DRY_RUN, "Dry run, attempt " + number
                    + ": would " + what + " (" + choice.policy + "); nothing was done.", now), null, null);
        }
        return new Decision(amend(w, next, TaskPhase.Remediating, Notice.Kind.FIX_STARTED, "Attempt " + number + ": "
                + what + " (" + choice.policy + ").", now), order, null);
    }

    private Decision handOver(TaskWork w, Notice.Kind why, String message, Instant now) {
        return Decision.none(amend(w, w.decision().next(), TaskPhase.Failed, why, message, now));
    }

    /** The work with its next status changed, a history entry and a notice. */
    private TaskWork amend(TaskWork w, RemediationTaskStatus next, TaskPhase phase, Notice.Kind why, String message,
            Instant now) {
        RemediationTaskStatus.Builder b = next.toBuilder();
        TaskPhase after = phase == null ? next.phase() : phase;
        if (phase != null) {
            b.phase(phase).phaseSince(now.toString());
        }
        List<HistoryEntry> history = new ArrayList<>(next.history() == null ? List.of() : next.history());
        history.add(new HistoryEntry(now.toString(), after, why.reason(), message, TaskLifecycle.ACTOR));
        b.history(List.copyOf(history));
        List<Notice> notices = new ArrayList<>(w.decision().notices());
        notices.add(new Notice(why, message));
        TaskDecision decision = new TaskDecision(w.decision().before(), b.build(), w.decision().cleared(), notices);
        return new TaskWork(w.name(), w.existing(), w.spec(), labels.apply(decision.next()), decision, w.found(),
                w.holding());
    }

    /** Containers of the audit restarted (or, in DryRun, that would have been) within the window. */
    private Set<String> restartedInWindow(List<TaskWork> work, boolean dry, Instant now) {
        Set<String> containers = new HashSet<>();
        Instant since = now.minus(policy.budget().window());
        for (TaskWork w : work) {
            List<FixAttempt> attempts = w.resultingStatus().attempts();
            for (FixAttempt a : attempts == null ? List.<FixAttempt>of() : attempts) {
                if ("restart".equals(a.action()) && Boolean.TRUE.equals(a.dryRun()) == dry
                        && Instant.parse(a.startedAt()).isAfter(since)) {
                    containers.add(a.container());
                }
            }
        }
        return containers;
    }

    /** Whether the issue is happening now: new occurrences in this scan, or a container state that still holds. */
    private static boolean activeNow(TaskWork w) {
        if (w.holding()) {
            return true;
        }
        RemediationTaskStatus before = w.decision().before();
        long was = before == null || before.occurrences() == null ? 0 : before.occurrences();
        Long now = w.decision().next().occurrences();
        return now != null && now > was;
    }

    private static boolean ignored(RemediationTaskStatus s) {
        return s.silence() != null && "IGNORE".equals(s.silence().effect());
    }

    /** The action as a verb phrase, e.g. "restart container shop-web-1". */
    private static String describe(FixOrder order) {
        return order.action().kind() == FixAction.Kind.RESTART
                ? "restart container " + order.containerName()
                : "exec " + order.action().argv() + " in container " + order.containerName();
    }

    private static String text(Duration d) {
        return io.dockmedic.core.task.DurationText.format(d);
    }
}
