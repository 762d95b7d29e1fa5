package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A silence in the spec.
 *
 * @param name its name
 * @param match which issues
 * @param severity the severity to report them at, or IGNORE
 * @param reason why
 * @param until when it stops applying
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SilenceSpec(
        @JsonPropertyDescription("Name of the silence, unique in the audit.")
        @Required
        @Size(max = 63)
        String name,

        @JsonPropertyDescription("Which issues it applies to.")
        @Required
        IssueMatchSpec match,

        @JsonPropertyDescription("CRITICAL, HIGH, MEDIUM or LOW: report matching issues at this severity; IGNORE: "
                + "keep counting them but never count them as open, fix them or hand them to agents.")
        @Required
        OverrideSeverity severity,

        @JsonPropertyDescription("Why, for the people and agents who see the silenced task.")
        @Required
        @Size(max = 500)
        String reason,

        @JsonPropertyDescription("When the silence stops applying by itself (RFC 3339, e.g. 2026-12-31T00:00:00Z); "
                + "omit for none.")
        @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
        String until) {
}
