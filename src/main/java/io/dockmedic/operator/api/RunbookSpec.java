package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A named fix in the spec.
 *
 * @param name its name
 * @param match which issues
 * @param action exec or restart
 * @param exec the exec's details
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.action != 'exec' || has(self.exec)", message = "an exec runbook needs exec.argv")
public record RunbookSpec(
        @JsonPropertyDescription("Name of the runbook, unique in the audit: lower case, digits, '-'.")
        @Required
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        @Size(max = 63)
        String name,

        @JsonPropertyDescription("Which issues the runbook is for.")
        @Required
        IssueMatchSpec match,

        @JsonPropertyDescription("exec: run exec.argv in a container; restart: restart the issue's container (only "
                + "if it is opted in, see restart).")
        @Required
        RunbookAction action,

        @JsonPropertyDescription("For action exec: the command, exactly as written; nothing from a log is ever "
                + "put into it.")
        ExecSpec exec) {
}
