package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The container state occurrences a LogAudit already counted for one container.
 *
 * @param exitFinishedAt finish time of the last exit considered
 * @param exitReported whether that exit was reported
 * @param restarts restart count at the last scan
 * @param failingStreak failing health-check streak at the last scan while unhealthy
 * @param healthStartedAt start of the run that was unhealthy at the last scan
 * @param deadReported whether the container was reported dead
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record CountedState(
        @JsonPropertyDescription("Finish time (RFC 3339) of the last exit considered.") String exitFinishedAt,
        @JsonPropertyDescription("Whether that exit was reported as an issue.") boolean exitReported,
        @JsonPropertyDescription("The restart count at the last scan.") int restarts,
        @JsonPropertyDescription("The failing health-check streak at the last scan while unhealthy, else 0.")
        int failingStreak,
        @JsonPropertyDescription("Start time (RFC 3339) of the run that was unhealthy at the last scan.")
        String healthStartedAt,
        @JsonPropertyDescription("Whether the container was reported dead.") boolean deadReported) {
}
