package io.dockmedic.core.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dockmedic.core.rules.Severity;
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
 * @param resolution the fix being verified
 * @param previousFixes fixes that did not hold
 * @param attempts automatic fix attempts
 * @param longestGapSeconds longest gap between occurrences
 * @param quietPeriod the quiet period that resolves the issue
 * @param silence the silence that applies
 * @param foldedIssues the distinct issues an overflow task holds
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
        Integer priority,

        @JsonPropertyDescription("How many times the issue happened since it was first seen.")
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

        @JsonPropertyDescription("The agent working on the task and its lease. Written by agents; the operator only "
                + "clears it when the lease expired or the fixed issue came back.")
        Claim claim,

        @JsonPropertyDescription("The fix being verified, written by whoever made it (an agent, a person, or "
                + "dockmedic for its own automatic fixes): summary, changes and an optional learning.")
        Resolution resolution,

        @JsonPropertyDescription("Earlier fixes of this issue that did not hold, oldest first (at most 10): kept when "
                + "the issue regressed, so the next person or agent sees what was tried and learnt.")
        List<Resolution> previousFixes,

        @JsonPropertyDescription("Automatic fix attempts, oldest first (at most 50): every attempt is recorded before "
                + "it runs and completed after; budgets, back-off and the storm brake are computed from them.")
        List<FixAttempt> attempts,

        @JsonPropertyDescription("Longest time seen between two occurrences, in seconds; the quiet period that proves "
                + "a fix grows with it.")
        Long longestGapSeconds,

        @JsonPropertyDescription("How long the issue must stay quiet to count as resolved: the larger of "
                + "spec.resolveAfter and 3 times the longest gap between occurrences, capped (e.g. 1h30m).")
        String quietPeriod,

        @JsonPropertyDescription("The silence of the LogAudit's remediation policy that applies to the issue, if any. "
                + "Occurrences are still counted.")
        SilenceState silence,

        @JsonPropertyDescription("On an overflow task (rule dockmedic.task-overflow): short hashes of the distinct "
                + "issues folded into it because the audit or the container reached its task cap (at most 5000).")
        List<String> foldedIssues) {

    /** The severity the task is reported at: a silence's lowered one, else the highest seen. */
    public Severity reportedSeverity() {
        if (silence != null && silence.effect() != null && !SilenceState.IGNORE.equals(silence.effect())) {
            return Severity.valueOf(silence.effect());
        }
        return severity;
    }

    /** Whether the task needs someone's attention: open and not silenced away. */
    public boolean needsAttention() {
        return phase != null && phase.isOpen() && (silence == null || !SilenceState.IGNORE.equals(silence.effect()));
    }

    /** A status with every field empty. */
    public static RemediationTaskStatus empty() {
        return new Builder().build();
    }

    /** A builder starting from this status. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a status field by field, so that adding a field does not touch every caller. */
    public static final class Builder {
        private Long observedGeneration;
        private TaskPhase phase;
        private String phaseSince;
        private Severity severity;
        private Integer priority;
        private Long occurrences;
        private String firstSeen;
        private String lastSeen;
        private String containerName;
        private String containerId;
        private String image;
        private String firstSample;
        private String lastSample;
        private AppliedScan appliedScan;
        private List<Condition> conditions;
        private List<HistoryEntry> history;
        private Claim claim;
        private Resolution resolution;
        private List<Resolution> previousFixes;
        private List<FixAttempt> attempts;
        private Long longestGapSeconds;
        private String quietPeriod;
        private SilenceState silence;
        private List<String> foldedIssues;

        public Builder() {
        }

        Builder(RemediationTaskStatus s) {
            observedGeneration = s.observedGeneration;
            phase = s.phase;
            phaseSince = s.phaseSince;
            severity = s.severity;
            priority = s.priority;
            occurrences = s.occurrences;
            firstSeen = s.firstSeen;
            lastSeen = s.lastSeen;
            containerName = s.containerName;
            containerId = s.containerId;
            image = s.image;
            firstSample = s.firstSample;
            lastSample = s.lastSample;
            appliedScan = s.appliedScan;
            conditions = s.conditions;
            history = s.history;
            claim = s.claim;
            resolution = s.resolution;
            previousFixes = s.previousFixes;
            attempts = s.attempts;
            longestGapSeconds = s.longestGapSeconds;
            quietPeriod = s.quietPeriod;
            silence = s.silence;
            foldedIssues = s.foldedIssues;
        }

        public Builder observedGeneration(Long v) { observedGeneration = v; return this; }
        public Builder phase(TaskPhase v) { phase = v; return this; }
        public Builder phaseSince(String v) { phaseSince = v; return this; }
        public Builder severity(Severity v) { severity = v; return this; }
        public Builder priority(Integer v) { priority = v; return this; }
        public Builder occurrences(Long v) { occurrences = v; return this; }
        public Builder firstSeen(String v) { firstSeen = v; return this; }
        public Builder lastSeen(String v) { lastSeen = v; return this; }
        public Builder containerName(String v) { containerName = v; return this; }
        public Builder containerId(String v) { containerId = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder firstSample(String v) { firstSample = v; return this; }
        public Builder lastSample(String v) { lastSample = v; return this; }
        public Builder appliedScan(AppliedScan v) { appliedScan = v; return this; }
        public Builder conditions(List<Condition> v) { conditions = v; return this; }
        public Builder history(List<HistoryEntry> v) { history = v; return this; }
        public Builder claim(Claim v) { claim = v; return this; }
        public Builder resolution(Resolution v) { resolution = v; return this; }
        public Builder previousFixes(List<Resolution> v) { previousFixes = v; return this; }
        public Builder attempts(List<FixAttempt> v) { attempts = v; return this; }
        public Builder longestGapSeconds(Long v) { longestGapSeconds = v; return this; }
        public Builder quietPeriod(String v) { quietPeriod = v; return this; }
        public Builder silence(SilenceState v) { silence = v; return this; }
        public Builder foldedIssues(List<String> v) { foldedIssues = v; return this; }

        public RemediationTaskStatus build() {
            return new RemediationTaskStatus(observedGeneration, phase, phaseSince, severity, priority, occurrences,
                    firstSeen, lastSeen, containerName, containerId, image, firstSample, lastSample, appliedScan,
                    conditions, history, claim, resolution, previousFixes, attempts, longestGapSeconds, quietPeriod,
                    silence, foldedIssues);
        }
    }
}
