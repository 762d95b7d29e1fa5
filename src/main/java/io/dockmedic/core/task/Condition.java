package io.dockmedic.core.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
        @JsonProperty(required = true)
        String type,

        @JsonPropertyDescription("True, False or Unknown.")
        @JsonProperty(required = true)
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

    /**
     * {@code conditions} with {@code next} in place of the condition of the same type (appended when
     * there is none). The previous lastTransitionTime is kept when the status did not change, so that
     * it says when the status last flipped; other types, including those other writers own, are kept
     * as they are.
     */
    public static List<Condition> upsert(List<Condition> conditions, Condition next) {
        List<Condition> result = new ArrayList<>(conditions == null ? List.of() : conditions);
        for (int i = 0; i < result.size(); i++) {
            Condition previous = result.get(i);
            if (previous.type().equals(next.type())) {
                String since = previous.status() == next.status() && previous.lastTransitionTime() != null
                        ? previous.lastTransitionTime()
                        : next.lastTransitionTime();
                result.set(i, new Condition(next.type(), next.status(), next.reason(), next.message(), since,
                        next.observedGeneration()));
                return List.copyOf(result);
            }
        }
        result.add(next);
        return List.copyOf(result);
    }

    /** The condition of {@code type} in {@code conditions}, or null. */
    public static Condition find(List<Condition> conditions, String type) {
        return conditions == null ? null
                : conditions.stream().filter(c -> Objects.equals(c.type(), type)).findFirst().orElse(null);
    }
}
