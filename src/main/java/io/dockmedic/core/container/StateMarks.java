package io.dockmedic.core.container;

import java.time.Instant;

/**
 * What the state analyzer already counted for one container, so that a later scan counts only what is new:
 * each exit once (by its finish time), restarts by the increase of the restart count, each unhealthy
 * episode once, a dead container once.
 *
 * @param exitFinishedAt finish time of the last exit considered (counted, or too old to count), or null
 * @param exitReported whether that exit was reported as an issue
 * @param restarts the restart count at the last scan
 * @param failingStreak the failing health-check streak at the last scan while unhealthy, else 0
 * @param healthStartedAt start time of the run that was unhealthy at the last scan, or null
 * @param deadReported whether the container was reported dead
 */
public record StateMarks(
        Instant exitFinishedAt,
        boolean exitReported,
        int restarts,
        int failingStreak,
        Instant healthStartedAt,
        boolean deadReported) {

    /** Marks of a container never analyzed. */
    public static final StateMarks NONE = new StateMarks(null, false, 0, 0, null, false);
}
