package io.dockmedic.core.container;

import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.rules.Severity;
import java.time.Instant;

/**
 * A problem read from a container's state rather than its log.
 *
 * @param condition the condition's rule id, e.g. {@code state.oom-killed}; one issue per identity and condition
 * @param category what kind of problem it is
 * @param severity how bad it is
 * @param template what is shown for the issue (exit code, restarts, failing streak); the fingerprint ignores it
 * @param detail the evidence: exit code, times, health-check output
 * @param newOccurrences occurrences not counted by an earlier scan; 0 when the condition still holds but was counted
 * @param at when it happened (finish time, last restart) or was observed
 * @param suggestedAction what to do about it
 * @param fix how it can be fixed
 */
public record StateFinding(
        String condition,
        Category category,
        Severity severity,
        String template,
        String detail,
        long newOccurrences,
        Instant at,
        String suggestedAction,
        FixKind fix) {

    /** Whether the condition was already counted by an earlier scan and merely still holds. */
    public boolean ongoing() {
        return newOccurrences == 0;
    }
}
