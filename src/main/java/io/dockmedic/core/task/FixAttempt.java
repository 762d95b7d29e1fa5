package io.dockmedic.core.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * One automatic fix attempt, recorded before it runs ({@code result: Started}) and completed after it.
 *
 * @param number 1 for the task's first attempt
 * @param action restart or exec
 * @param policy which part of the policy chose it: {@code restart} or {@code runbook:NAME}
 * @param container the container acted on (name)
 * @param containerId its id when the attempt was decided
 * @param argv the exec's arguments, exactly as declared in the spec
 * @param user the exec's user
 * @param dryRun whether it was only recorded, not carried out
 * @param startedAt when it was recorded
 * @param finishedAt when it ended
 * @param result Started, Succeeded, Failed, DryRun or Interrupted
 * @param exitCode the exec's exit code
 * @param output the exec's output, capped
 * @param message what happened, for people
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FixAttempt(
        @JsonPropertyDescription("Number of the attempt, 1 for the task's first.") int number,
        @JsonPropertyDescription("restart or exec.") String action,
        @JsonPropertyDescription("Which part of the LogAudit's remediation policy chose the action: restart, or "
                + "runbook:NAME.")
        String policy,
        @JsonPropertyDescription("Name of the container acted on.") String container,
        @JsonPropertyDescription("Id of that container when the attempt was decided.") String containerId,
        @JsonPropertyDescription("For exec: the arguments exactly as the spec declares them; nothing from a log is "
                + "ever put into them.")
        List<String> argv,
        @JsonPropertyDescription("For exec: the user it ran as.") String user,
        @JsonPropertyDescription("True when the policy's mode is DryRun: recorded, never carried out.")
        Boolean dryRun,
        @JsonPropertyDescription("When the attempt was recorded, before it ran (RFC 3339).") String startedAt,
        @JsonPropertyDescription("When it ended (RFC 3339).") String finishedAt,
        @JsonPropertyDescription("Started (recorded, not yet ended), Succeeded, Failed, DryRun, or Interrupted (the "
                + "operator stopped while it ran; it counts against the budget and is never repeated).")
        FixResult result,
        @JsonPropertyDescription("For exec: the exit code.") Integer exitCode,
        @JsonPropertyDescription("For exec: the output, capped.") String output,
        @JsonPropertyDescription("What happened, for people.") String message) {

    /** The attempt ended with {@code result}. */
    public FixAttempt finished(FixResult result, String at, Integer exitCode, String output, String message) {
        return new FixAttempt(number, action, policy, container, containerId, argv, user, dryRun, startedAt, at,
                result, exitCode, output, message);
    }
}
