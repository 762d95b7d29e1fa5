package io.dockmedic.operator.api;

import io.dockmedic.core.task.IssueType;
import io.dockmedic.core.task.TaskPhase;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dockmedic.core.rules.Severity;

/**
 * A short line about one of the most urgent open issues.
 *
 * @param task the RemediationTask's name
 * @param severity its severity
 * @param issueType its type
 * @param container the container identity
 * @param occurrences how often it happened
 * @param lastSeen when it last happened
 * @param phase the task's phase
 * @param summary the start of its template
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TopIssue(
        @JsonPropertyDescription("Name of the RemediationTask tracking the issue.") String task,
        @JsonPropertyDescription("Its current severity.") Severity severity,
        @JsonPropertyDescription("Its issue type.") IssueType issueType,
        @JsonPropertyDescription("The container identity: compose project/service, else the container name.")
        String container,
        @JsonPropertyDescription("How many times it happened.") long occurrences,
        @JsonPropertyDescription("When it last happened (RFC 3339).") String lastSeen,
        @JsonPropertyDescription("The task's phase.") TaskPhase phase,
        @JsonPropertyDescription("The start of the issue's template, at most 120 characters.") String summary) {
}
