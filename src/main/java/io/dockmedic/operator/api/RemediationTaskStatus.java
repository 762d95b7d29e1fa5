package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dockmedic.core.rules.Severity;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/**
 * What is known about an issue and where it stands. Several writers share it: the operator writes the
 * observed fields (counts, samples, severity, priority, its conditions) and phase changes it decides;
 * agents write {@code claim} and the phases they own (Claimed, Fixed). Each writer patches only its own
 * fields.
 *
 * @param observedGeneration the task generation the operator last saw
 * @param phase where the task is in its lifecycle
 * @param phaseSince when the phase was entered
 * @param severity current (highest seen) severity
 * @param priority rank among the audit's open tasks
 * @param occurrences how often it happened
 * @param firstSeen first occurrence
 * @param lastSeen latest occurrence
 * @param containerName where it was last seen
 * @param containerId id of that container
 * @param image image of that container
 * @param firstSample the first event
 * @param lastSample the latest event
 * @param appliedScan the last scan counted
 * @param conditions conditions
 * @param history what happened
 * @param claim the agent working on it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RemediationTaskStatus(
        @JsonPropertyDescription("metadata.generation of the task when the operator last wrote its status.")
        Long observedGeneration,

        @JsonPropertyDescription("Lifecycle phase: Open, Remediating, Claimed, Fixed, Verifying, Resolved, "
                + "Regressed, Failed or Ignored. Agents set Claimed and Fixed; people may set Ignored; the operator "
                + "sets the others.")
        TaskPhase phase,

        @JsonPropertyDescription("When the task entered its phase (RFC 3339). Whoever changes the phase sets it; "
                + "for Fixed it is the time of the fix, and later occurrences mean a regression.")
        String phaseSince,

        @JsonPropertyDescription("Highest severity seen for the issue: CRITICAL, HIGH, MEDIUM or LOW.")
        Severity severity,

        @JsonPropertyDescription("Rank among the audit's open tasks, 1 being the most urgent (severity, then "
                + "recency and frequency, then name); 0 for tasks that are not open.")
        @Min(0)
        Integer priority,

        @JsonPropertyDescription("How many times the issue happened since it was first seen.")
        @Min(0)
        Long occurrences,

        @JsonPropertyDescription("When the issue first happened (RFC 3339).")
        String firstSeen,

        @JsonPropertyDescription("When the issue last happened (RFC 3339).")
        String lastSeen,

        @JsonPropertyDescription("Name of the container where the issue was last seen.")
        String containerName,

        @JsonPropertyDescription("Id of the container where the issue was last seen.")
        String containerId,

        @JsonPropertyDescription("Image of the container where the issue was last seen.")
        String image,

        @JsonPropertyDescription("The first event seen, as logged (a stack trace stays whole), at most 4000 "
                + "characters.")
        String firstSample,

        @JsonPropertyDescription("The latest event seen, as logged, at most 4000 characters.")
        String lastSample,

        @JsonPropertyDescription("The last LogAudit scan whose occurrences are included in the counts.")
        AppliedScan appliedScan,

        @JsonPropertyDescription("Conditions. The operator writes Active (True while the issue keeps happening, "
                + "False once its quiet period passed); agents may add their own types.")
        List<Condition> conditions,

        @JsonPropertyDescription("What happened to the task, oldest first: detection, phase changes, severity "
                + "changes. At most 100 entries; the first is always kept.")
        List<HistoryEntry> history,

        @JsonPropertyDescription("The agent working on the task. Written by agents, never by the operator.")
        Claim claim) {
}
