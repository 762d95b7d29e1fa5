package io.dockmedic.core.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dockmedic.core.rules.Severity;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the issue is. Set by the operator when the issue is first seen and stable afterwards.
 *
 * @param auditRef the LogAudit that found it
 * @param fingerprint the issue's stable id
 * @param container the container identity
 * @param source log or state
 * @param issueType category
 * @param severity severity when first seen
 * @param template the message with variable parts masked
 * @param ruleId the rule that classified it
 * @param suggestedAction what to do
 * @param fixKind how it can be fixed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RemediationTaskSpec(
        @JsonPropertyDescription("The LogAudit, in the same namespace, that found the issue and owns this task.")
        @JsonProperty(required = true)
        AuditReference auditRef,

        @JsonPropertyDescription("Stable id of the issue, derived from the container identity and the template; "
                + "every occurrence of the same problem has the same fingerprint.")
        @JsonProperty(required = true)
        String fingerprint,

        @JsonPropertyDescription("The container identity: compose project/service when the container was started "
                + "by compose, else the container name. It survives re-creation of the container.")
        @JsonProperty(required = true)
        String container,

        @JsonPropertyDescription("Where the evidence comes from: log (the container's log) or state (exit code, "
                + "OOM kill, restart loop, health).")
        IssueSourceType source,

        @JsonPropertyDescription("Category of the issue, e.g. database, authentication, memory, crash.")
        @JsonProperty(required = true)
        IssueType issueType,

        @JsonPropertyDescription("Severity when the issue was first seen; status.severity holds the current one.")
        @JsonProperty(required = true)
        Severity severity,

        @JsonPropertyDescription("The message with its variable parts (numbers, ids, addresses, paths, ...) "
                + "masked, capped at 2000 characters.")
        String template,

        @JsonPropertyDescription("Id of the rule that classified the issue.")
        String ruleId,

        @JsonPropertyDescription("What a person or agent should do about the issue.")
        String suggestedAction,

        @JsonPropertyDescription("How the issue can be fixed: restart or exec (automatic fixes dockmedic can apply) "
                + "or agent (a code or configuration change for an agent or a person).")
        FixType fixKind) {
}
