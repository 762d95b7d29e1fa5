package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * One aspect of a resource's state, in the Kubernetes conditions convention.
 *
 * @param type what aspect (Ready, DockerReachable, Degraded, ...)
 * @param status True, False or Unknown
 * @param reason a CamelCase word saying why
 * @param message a sentence for people
 * @param lastTransitionTime when status last changed
 * @param observedGeneration the resource generation the condition was computed from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(
        @JsonPropertyDescription("Which aspect the condition describes, e.g. Ready.")
        @Required
        String type,

        @JsonPropertyDescription("True, False or Unknown.")
        @Required
        ConditionStatus status,

        @JsonPropertyDescription("Why the condition has its status, as one CamelCase word, e.g. ScanSucceeded.")
        String reason,

        @JsonPropertyDescription("Details for people.")
        String message,

        @JsonPropertyDescription("When the status last changed (RFC 3339); unchanged while the status stays the "
                + "same.")
        String lastTransitionTime,

        @JsonPropertyDescription("metadata.generation of the resource the condition was computed from.")
        Long observedGeneration) {
}
