package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dockmedic.core.task.IssueType;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Which issues a runbook or a silence is for.
 *
 * @param rules rule ids
 * @param issueTypes issue types
 * @param fingerprints fingerprints
 * @param templatePattern a pattern found in the template
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "has(self.rules) || has(self.issueTypes) || has(self.fingerprints) || has(self.templatePattern)",
        message = "a match needs at least one of rules, issueTypes, fingerprints or templatePattern")
public record IssueMatchSpec(
        @JsonPropertyDescription("Rule ids, any of them, e.g. db.too-many-connections.")
        @Size(max = 100)
        List<String> rules,

        @JsonPropertyDescription("Issue types, any of them, e.g. database.")
        @Size(max = 20)
        List<IssueType> issueTypes,

        @JsonPropertyDescription("Issue fingerprints (spec.fingerprint of a RemediationTask), any of them.")
        @Size(max = 100)
        List<String> fingerprints,

        @JsonPropertyDescription("A regular expression found in the issue's template, ignoring case. RE2 syntax "
                + "(Java's without lookaround or backreferences), matched in linear time.")
        @Size(max = 1000)
        String templatePattern) {

    public IssueMatchSpec {
        rules = rules == null ? List.of() : List.copyOf(rules);
        issueTypes = issueTypes == null ? List.of() : List.copyOf(issueTypes);
        fingerprints = fingerprints == null ? List.of() : List.copyOf(fingerprints);
    }
}
