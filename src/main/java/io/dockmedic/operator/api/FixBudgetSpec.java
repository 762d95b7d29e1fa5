package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * The spec's fix budget.
 *
 * @param maxAttempts attempts per task per window
 * @param window the window
 * @param backoff first wait between attempts
 * @param cooldown wait after a success
 * @param maxContainersPerWindow the storm brake
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FixBudgetSpec(
        @JsonPropertyDescription("At most this many automatic attempts per task within the window (default 3); "
                + "then the task goes Failed and to an agent.")
        @Min(1) @Max(100)
        Integer maxAttempts,

        @JsonPropertyDescription("The sliding window attempts are counted in (default 1h).")
        @Pattern(LogAuditSpec.DURATION_PATTERN)
        String window,

        @JsonPropertyDescription("Wait after a task's first attempt before the next (default 30s); it doubles with "
                + "each further attempt in the window.")
        @Pattern(LogAuditSpec.DURATION_PATTERN)
        String backoff,

        @JsonPropertyDescription("Least wait after a successful attempt before the same task is acted on again "
                + "(default 5m).")
        @Pattern(LogAuditSpec.DURATION_PATTERN)
        String cooldown,

        @JsonPropertyDescription("Storm brake: at most this many containers of this audit restarted within the "
                + "window (default 3). When more fail at once the cause is elsewhere: their tasks go to agents.")
        @Min(1) @Max(1000)
        Integer maxContainersPerWindow) {
}
