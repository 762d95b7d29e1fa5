package io.dockmedic.core.container;

import java.time.Instant;

/**
 * What the runtime says about a container's life, as observed at one moment.
 *
 * @param status the runtime's status word: created, running, paused, restarting, exited, dead
 * @param exitCode the last exit code (0 while running or never exited)
 * @param oomKilled whether the kernel killed the last run for exceeding its memory limit
 * @param restartCount restarts done by the restart policy (manual restarts do not count)
 * @param health health-check status (healthy, unhealthy, starting) or null without a check
 * @param failingStreak consecutive failed health checks (0 without a check)
 * @param lastHealthOutput output of the most recent health check, or null
 * @param startedAt when the current or last run started, or null
 * @param finishedAt when the last run finished, or null
 * @param error the runtime's error message for the container, or null
 */
public record ContainerState(
        String status,
        int exitCode,
        boolean oomKilled,
        int restartCount,
        String health,
        int failingStreak,
        String lastHealthOutput,
        Instant startedAt,
        Instant finishedAt,
        String error) {

    public boolean running() {
        return "running".equals(status);
    }
}
