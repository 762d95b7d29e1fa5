package io.dockmedic.core.container;

import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.rules.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns what the runtime says about a container into issues: a non-zero exit, an OOM kill, a restart loop,
 * a failing health check, a dead container. With the marks of the previous scan it counts each occurrence
 * once however often it is scanned.
 */
public final class ContainerStateAnalyzer {

    // Condition ids: the rule ids of state issues, which severity overrides can name.
    public static final String EXITED = "state.exited";
    public static final String OOM_KILLED = "state.oom-killed";
    public static final String RESTART_LOOP = "state.restart-loop";
    public static final String UNHEALTHY = "state.unhealthy";
    public static final String DEAD = "state.dead";

    /** Restarts by the restart policy from which a container counts as looping. */
    public static final int DEFAULT_RESTART_LOOP_THRESHOLD = 3;

    private static final int MAX_HEALTH_OUTPUT = 1024;

    private final int restartLoopThreshold;

    public ContainerStateAnalyzer(int restartLoopThreshold) {
        if (restartLoopThreshold < 1) {
            throw new IllegalArgumentException("restart loop threshold must be at least 1, got " + restartLoopThreshold);
        }
        this.restartLoopThreshold = restartLoopThreshold;
    }

    /**
     * Analyzes one container.
     *
     * @param container the container as listed
     * @param previous the marks of the previous scan, or null when this container was never analyzed
     * @param since for a container never analyzed, exits and restarts before this are history, not issues
     * @param now the time of this scan, for conditions that have no time of their own
     */
    public StateAnalysis analyze(ContainerInfo container, StateMarks previous, Instant since, Instant now) {
        ContainerState state = container.state();
        StateMarks marks = previous == null ? StateMarks.NONE : previous;
        if (state == null) {
            return new StateAnalysis(List.of(), marks);
        }
        List<StateFinding> findings = new ArrayList<>();
        boolean firstLook = previous == null;

        // Exits: one occurrence per finish time. An OOM kill is reported as such, not also as an exit.
        Instant exitAt = marks.exitFinishedAt();
        boolean exitReported = marks.exitReported();
        Instant finished = state.finishedAt();
        boolean stopped = "exited".equals(state.status()) || "dead".equals(state.status());
        boolean exitIssue = state.oomKilled() || (stopped && state.exitCode() != 0);
        if (exitIssue && finished != null) {
            boolean newExit = exitAt == null || finished.isAfter(exitAt);
            if (newExit) {
                exitAt = finished;
                exitReported = !firstLook || since == null || !finished.isBefore(since);
                if (exitReported) {
                    findings.add(exitFinding(state, 1));
                }
            } else if (exitReported && finished.equals(exitAt) && !state.running()) {
                findings.add(exitFinding(state, 0));
            }
        }

        // Restart loops: occurrences are restarts by the restart policy not counted before.
        int restarts = state.restartCount();
        boolean restarting = "restarting".equals(state.status());
        // The count drops when someone restarts the container by hand (Docker resets it): count from zero then.
        int counted = restarts < marks.restarts() ? 0 : marks.restarts();
        int newRestarts = firstLook ? restarts : restarts - counted;
        boolean recent = !firstLook || restarting || since == null || state.startedAt() == null
                || !state.startedAt().isBefore(since);
        if ((restarting || restarts >= restartLoopThreshold) && recent) {
            if (newRestarts > 0) {
                findings.add(restartFinding(state, newRestarts, now));
            } else if (restarting) {
                findings.add(restartFinding(state, firstLook ? 1 : 0, now));
            }
        }

        // Health: one occurrence per unhealthy episode.
        int failingStreak = 0;
        Instant healthStartedAt = null;
        if ("unhealthy".equals(state.health())) {
            failingStreak = Math.max(1, state.failingStreak());
            healthStartedAt = state.startedAt();
            boolean newEpisode = marks.failingStreak() == 0 || failingStreak < marks.failingStreak()
                    || !Objects.equals(healthStartedAt, marks.healthStartedAt());
            findings.add(unhealthyFinding(state, failingStreak, newEpisode ? 1 : 0, now));
        }

        boolean deadReported = marks.deadReported();
        if ("dead".equals(state.status())) {
            findings.add(new StateFinding(DEAD, Category.CRASH, Severity.CRITICAL, "container is dead",
                    "status dead" + errorSuffix(state), deadReported ? 0 : 1,
                    finished != null ? finished : now,
                    "The runtime failed to stop or remove the container (often a busy mount or a driver error):"
                            + " remove it and create it again; check the Docker daemon's log.",
                    FixKind.AGENT));
            deadReported = true;
        }

        return new StateAnalysis(findings,
                new StateMarks(exitAt, exitReported, restarts, failingStreak, healthStartedAt, deadReported));
    }

    private static StateFinding exitFinding(ContainerState state, long occurrences) {
        if (state.oomKilled()) {
            return new StateFinding(OOM_KILLED, Category.MEMORY, Severity.CRITICAL,
                    "container was killed for exceeding its memory limit (OOMKilled)",
                    "OOMKilled, exit code " + state.exitCode() + ", finished at " + state.finishedAt() + errorSuffix(state),
                    occurrences, state.finishedAt(),
                    "Raise the container's memory limit or reduce what the process uses (heap size, caches, leaks);"
                            + " then start it again.",
                    FixKind.RESTART);
        }
        int code = state.exitCode();
        // 130, 137 and 143 are SIGINT, SIGKILL and SIGTERM: usually someone stopped the container.
        boolean signalled = code == 130 || code == 137 || code == 143;
        return new StateFinding(EXITED, Category.CRASH, signalled ? Severity.MEDIUM : Severity.HIGH,
                "container exited with code " + exitCode(code),
                "exited with code " + exitCode(code) + " at " + state.finishedAt() + errorSuffix(state),
                occurrences, state.finishedAt(),
                signalled
                        ? "The container was stopped by a signal: if nobody stopped it on purpose, find who killed it;"
                                + " if it was stopped on purpose, make the process exit 0 on SIGTERM."
                        : "Read the container's last log lines for why it exited, fix the cause, and start it again.",
                FixKind.RESTART);
    }

    private StateFinding restartFinding(ContainerState state, long occurrences, Instant now) {
        Instant at = state.startedAt() != null ? state.startedAt() : now;
        // Docker reports exit code 0 while a new run is up; only a non-zero code says how the last run ended.
        String lastExit = state.exitCode() != 0 ? ", last exit code " + exitCode(state.exitCode()) : "";
        return new StateFinding(RESTART_LOOP, Category.CRASH, Severity.CRITICAL,
                "container is in a restart loop (restarted " + times(state.restartCount()) + lastExit + ")",
                "status " + state.status() + ", restarted " + times(state.restartCount()) + " by its restart policy"
                        + " (loop threshold " + restartLoopThreshold + "), last started at " + state.startedAt()
                        + lastExit + errorSuffix(state),
                occurrences, at,
                "The process exits soon after each start: read its log lines just before each restart, fix the cause;"
                        + " restarting again will not help.",
                FixKind.AGENT);
    }

    private static StateFinding unhealthyFinding(ContainerState state, int streak, long occurrences, Instant now) {
        String output = state.lastHealthOutput() == null ? "" : state.lastHealthOutput().strip();
        if (output.length() > MAX_HEALTH_OUTPUT) {
            output = output.substring(0, MAX_HEALTH_OUTPUT) + " ...";
        }
        return new StateFinding(UNHEALTHY, Category.HEALTH, Severity.HIGH,
                "container is unhealthy: its health check failed " + times(streak) + " in a row",
                "health check failed " + times(streak) + " in a row"
                        + (output.isEmpty() ? "" : "; last output:\n" + output),
                occurrences, now,
                "Check what the health check tests (its last output is in the sample) and why that fails; restart"
                        + " the container if the process is stuck.",
                FixKind.RESTART);
    }

    private static String times(int count) {
        return count == 1 ? "once" : count + " times";
    }

    /** The code with the signal it stands for, when a signal ended the process (128 + signal number). */
    private static String exitCode(int code) {
        return code + switch (code) {
            case 130 -> " (SIGINT)";
            case 134 -> " (SIGABRT)";
            case 137 -> " (SIGKILL)";
            case 139 -> " (SIGSEGV)";
            case 143 -> " (SIGTERM)";
            default -> "";
        };
    }

    private static String errorSuffix(ContainerState state) {
        return state.error() == null || state.error().isBlank() ? "" : "; runtime error: " + state.error();
    }
}
