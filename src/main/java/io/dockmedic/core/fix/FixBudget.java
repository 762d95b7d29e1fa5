package io.dockmedic.core.fix;

import java.time.Duration;

/**
 * How often dockmedic may act, computed from the attempts recorded in each task's status so that a
 * restarted operator neither forgets nor repeats.
 *
 * @param maxAttempts attempts per task within {@code window}
 * @param window the sliding window the attempts are counted in
 * @param backoff the wait after a task's first attempt; it doubles with each further attempt in the window
 * @param cooldown the least wait after a successful attempt before the same task is acted on again
 * @param maxContainersPerWindow the storm brake: containers of one audit restarted within {@code window};
 *     beyond it the cause is likely elsewhere and tasks go to agents instead
 */
public record FixBudget(int maxAttempts, Duration window, Duration backoff, Duration cooldown,
        int maxContainersPerWindow) {

    public static final FixBudget DEFAULT = new FixBudget(3, Duration.ofHours(1), Duration.ofSeconds(30),
            Duration.ofMinutes(5), 3);

    public FixBudget {
        if (maxAttempts < 1 || maxContainersPerWindow < 1) {
            throw new IllegalArgumentException("maxAttempts and maxContainersPerWindow must be at least 1");
        }
    }

    /** The wait after the {@code n}th attempt in the window: backoff, doubled per earlier attempt, at most the window. */
    public Duration backoffAfter(int n) {
        Duration wait = backoff;
        for (int i = 1; i < n && wait.compareTo(window) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(window) > 0 ? window : wait;
    }
}
