package io.dockmedic.core.issue;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.log.LogEvent;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.rules.Severity;
import java.time.Instant;
import java.util.Objects;

/**
 * One or more sightings of an issue, as handed to the {@link IssueLedger}.
 *
 * @param fingerprint the issue's fingerprint
 * @param container where it was seen
 * @param severity its severity this time
 * @param category its category this time
 * @param source log or state
 * @param template the template shown for it
 * @param ruleId the rule that classified it
 * @param suggestedAction what to do about it
 * @param fix how it can be fixed
 * @param at when it happened
 * @param count how many occurrences this sighting stands for (restarts seen at once, for example)
 * @param event the log event, or null for state issues
 * @param detail the evidence when there is no event (state issues), else null
 */
public record Occurrence(
        String fingerprint,
        ContainerInfo container,
        Severity severity,
        Category category,
        IssueSource source,
        String template,
        String ruleId,
        String suggestedAction,
        FixKind fix,
        Instant at,
        long count,
        LogEvent event,
        String detail) {

    public Occurrence {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(at, "at");
        if (count < 1) {
            throw new IllegalArgumentException("an occurrence counts at least once, got " + count);
        }
    }

    /** The evidence as text: the whole event, or the detail. */
    String sampleText() {
        return event != null ? event.text() : Objects.requireNonNullElse(detail, "");
    }

    /** The same sighting under another fingerprint and template. */
    Occurrence as(Fingerprint fingerprint) {
        return new Occurrence(fingerprint.id(), container, severity, category, source, fingerprint.template(), ruleId,
                suggestedAction, fix, at, count, event, detail);
    }
}
