package io.dockmedic.core.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which agent works on a task. Written by agents only; the operator reads it and never writes it.
 *
 * @param agent who claimed the task
 * @param claimedAt when
 * @param expiresAt when the claim lapses unless renewed
 * @param note what the agent is doing or did
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Claim(
        @JsonPropertyDescription("Name of the agent (or person) working on the task.")
        @JsonProperty(required = true)
        String agent,
        @JsonPropertyDescription("When the task was claimed (RFC 3339).") String claimedAt,
        @JsonPropertyDescription("When the claim lapses unless the agent renews it (RFC 3339); the operator then "
                + "moves a Claimed task back to Open. Omit for a claim that never lapses.")
        String expiresAt,
        @JsonPropertyDescription("What the agent is doing or did, e.g. a link to its change.") String note) {
}
