package io.dockmedic.core.task;

import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.issue.IssueSource;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.rules.Severity;
import java.time.Instant;

/** Issues as a scan reports them, for planner tests. */
final class Issues {

    private Issues() {
    }

    static Issue issue(String fingerprint, Severity severity, long occurrences, Instant firstSeen, Instant lastSeen) {
        return new Issue(fingerprint, "shop/db", "shop-db-1", "c0ffee", "postgres:16", "db", severity,
                Category.DATABASE, IssueSource.LOG, "password authentication failed for user <*>",
                "FATAL: password authentication failed for user \"app\" (first)",
                "FATAL: password authentication failed for user \"app\" (last)", occurrences, firstSeen, lastSeen,
                "db.auth-failed", "Check the credentials", FixKind.AGENT, 1);
    }
}
