package io.dockmedic.core.rules;

import java.util.Objects;

/**
 * Why an event is an issue: the rule that explains it and the severity it gets at the event's level.
 *
 * @param rule the matching rule, or the synthetic {@code level.error}/{@code level.fatal} rule
 * @param severity the rule's severity, adjusted for the event's level (WARN is capped)
 */
public record Verdict(Rule rule, Severity severity) {
    public Verdict {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
    }
}
