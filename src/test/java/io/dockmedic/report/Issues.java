package io.dockmedic.report;

import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.issue.IssueSource;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.rules.Severity;
import java.time.Instant;

/** Issues as a scan would produce them, for report tests. */
final class Issues {

    static final Instant FIRST = Instant.parse("2024-05-01T10:00:00.123456789Z");
    static final Instant LAST = Instant.parse("2024-05-01T11:30:00Z");

    private Issues() {
    }

    static Issue issue(String fingerprint, String container, Severity severity, Category category, IssueSource source,
            String template, FixKind fix, long occurrences, int priority) {
        return new Issue(fingerprint, "shop/" + container, container, "id-" + container, "img/" + container + ":1",
                container.equals("standalone") ? null : container, severity, category, source, template,
                "first sample of " + template, "last sample of " + template, occurrences, FIRST, LAST,
                "rule." + category.id(), "do something about " + template, fix, priority);
    }
}
