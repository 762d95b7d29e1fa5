package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.task.IssueType;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * The spec's restart policy.
 *
 * @param selector containers opted in besides those with the opt-in label
 * @param rules rule ids restarts are for
 * @param issueTypes issue types restarts are for
 * @param minSeverity least severity
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RestartSpec(
        @JsonPropertyDescription("Containers that may be restarted besides those carrying the label "
                + "dockmedic.io/auto-restart=true. Omit to rely on the label alone.")
        ContainerSelectorSpec selector,

        @JsonPropertyDescription("Rule ids a restart is for (default: state.exited, state.oom-killed, "
                + "state.restart-loop, state.unhealthy).")
        @Size(max = 100)
        List<String> rules,

        @JsonPropertyDescription("Issue types a restart is for, e.g. crash; an issue matches when its rule or its "
                + "type is listed.")
        @Size(max = 20)
        List<IssueType> issueTypes,

        @JsonPropertyDescription("Only issues at least this severe are restarted for (default: any).")
        Severity minSeverity) {

    public RestartSpec {
        rules = rules == null ? List.of() : List.copyOf(rules);
        issueTypes = issueTypes == null ? List.of() : List.copyOf(issueTypes);
    }
}
