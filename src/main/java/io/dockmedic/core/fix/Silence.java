package io.dockmedic.core.fix;

import io.dockmedic.core.rules.Severity;
import java.time.Instant;

/**
 * A person's decision to treat some issues as less severe, or to ignore them, for a reason and possibly
 * until a time. Occurrences are still counted.
 *
 * @param name its name
 * @param match which issues
 * @param severity the severity to report them at, or null to ignore them
 * @param reason why
 * @param until when it stops applying, or null
 */
public record Silence(String name, IssueMatch match, Severity severity, String reason, Instant until) {

    /** Whether it applies at {@code now}. */
    public boolean activeAt(Instant now) {
        return until == null || now.isBefore(until);
    }

    /** What it does, as the task's status shows it: a severity or IGNORE. */
    public String effect() {
        return severity == null ? "IGNORE" : severity.name();
    }
}
