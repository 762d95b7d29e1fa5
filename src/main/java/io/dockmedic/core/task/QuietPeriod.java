package io.dockmedic.core.task;

import java.time.Duration;

/**
 * How long an issue must stay quiet before it counts as resolved: at least {@code resolveAfter}, and
 * {@code multiple} times the longest gap seen between its occurrences, capped at {@code cap}. An error
 * that happens once an hour is not resolved by five quiet minutes.
 *
 * @param resolveAfter the least quiet period (spec.resolveAfter)
 * @param multiple how many of the longest gaps must pass
 * @param cap the longest quiet period asked for (never below resolveAfter)
 */
public record QuietPeriod(Duration resolveAfter, int multiple, Duration cap) {

    /** Multiple of the longest gap, unless the spec says otherwise. */
    public static final int DEFAULT_MULTIPLE = 3;
    /** Longest adaptive quiet period, unless the spec says otherwise. */
    public static final Duration DEFAULT_CAP = Duration.ofHours(24);

    /** The default rule around {@code resolveAfter}. */
    public static QuietPeriod of(Duration resolveAfter) {
        return new QuietPeriod(resolveAfter, DEFAULT_MULTIPLE, DEFAULT_CAP);
    }

    /** The quiet period for an issue whose longest gap between occurrences is {@code longestGap} (or null). */
    public Duration forGap(Long longestGapSeconds) {
        if (longestGapSeconds == null || longestGapSeconds <= 0) {
            return resolveAfter;
        }
        Duration adaptive = Duration.ofSeconds(Math.multiplyExact(Math.min(longestGapSeconds, Long.MAX_VALUE / 8),
                (long) multiple));
        Duration capped = adaptive.compareTo(cap) > 0 ? cap : adaptive;
        return capped.compareTo(resolveAfter) > 0 ? capped : resolveAfter;
    }
}
