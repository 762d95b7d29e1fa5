package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dockmedic.core.rules.Severity;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Changes the severity of what a rule, or every rule of an issue type, finds.
 *
 * @param rule the rule id to override
 * @param issueType the issue type to override
 * @param severity the severity to use instead
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.rule) != has(self.issueType)",
        message = "an override names exactly one of rule or issueType")
public record SeverityOverride(
        @JsonPropertyDescription("Id of the rule (built-in or extra) whose severity changes.")
        String rule,

        @JsonPropertyDescription("Issue type whose severity changes, for every rule of that type.")
        IssueType issueType,

        @JsonPropertyDescription("The severity to use instead: CRITICAL, HIGH, MEDIUM or LOW.")
        @Required
        Severity severity) {
}
