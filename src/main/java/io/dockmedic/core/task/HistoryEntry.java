package io.dockmedic.core.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One thing that happened to a task.
 *
 * @param time when
 * @param phase the phase after it
 * @param reason a CamelCase word
 * @param message details
 * @param actor who did it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryEntry(
        @JsonPropertyDescription("When it happened (RFC 3339).") String time,
        @JsonPropertyDescription("The task's phase after it.") TaskPhase phase,
        @JsonPropertyDescription("What happened, as one CamelCase word, e.g. IssueDetected, IssueRegressed.")
        String reason,
        @JsonPropertyDescription("Details for people.") String message,
        @JsonPropertyDescription("Who did it: dockmedic-operator, or the agent or person that wrote the entry.")
        String actor) {
}
