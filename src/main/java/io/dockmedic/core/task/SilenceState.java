package io.dockmedic.core.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The silence that applies to a task, copied from the LogAudit's policy so that people see it on the task.
 *
 * @param name the silence's name
 * @param effect what it does: the lowered severity, or IGNORE
 * @param reason why, as the spec says
 * @param until when it stops applying (RFC 3339), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SilenceState(
        @JsonPropertyDescription("Name of the silence in the LogAudit's spec.remediation.silences.") String name,
        @JsonPropertyDescription("What it does: a severity (the task is reported at it) or IGNORE (not counted as "
                + "open, never fixed automatically, never handed to agents).")
        String effect,
        @JsonPropertyDescription("Why, as the spec says.") String reason,
        @JsonPropertyDescription("When it stops applying by itself (RFC 3339); none for a silence without expiry.")
        String until) {

    /** The effect of a silence that ignores. */
    public static final String IGNORE = "IGNORE";
}
