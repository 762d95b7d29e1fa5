package io.dockmedic.operator.api;

import io.dockmedic.core.task.IssueType;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Changes the severity of matching issues, or drops them. Every criterion given must hold; the first
 * matching override in the list wins.
 *
 * @param rule the rule id the issue was classified by
 * @param issueType the issue's type
 * @param templateContains text the issue's template must contain
 * @param templatePattern a regular expression found in the template
 * @param severity the severity to use instead, or IGNORE
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.rule) || has(self.issueType) || has(self.templateContains) "
        + "|| has(self.templatePattern)",
        message = "an override needs at least one of rule, issueType, templateContains or templatePattern")
public record SeverityOverride(
        @JsonPropertyDescription("Id of the rule (built-in, e.g. db.auth-failed or state.unhealthy, or extra) that "
                + "classified the issue.")
        @Size(max = 63)
        String rule,

        @JsonPropertyDescription("Issue type of the issue, e.g. database.")
        IssueType issueType,

        @JsonPropertyDescription("Text the issue's template must contain, ignoring case.")
        @Size(max = 1000)
        String templateContains,

        @JsonPropertyDescription("Regular expression found in the issue's template, ignoring case. RE2 syntax "
                + "(Java's without lookaround or backreferences), matched in linear time.")
        @Size(max = 1000)
        String templatePattern,

        @JsonPropertyDescription("The severity to use instead: CRITICAL, HIGH, MEDIUM or LOW; IGNORE drops "
                + "matching issues.")
        @Required
        OverrideSeverity severity) {
}
