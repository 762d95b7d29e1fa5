package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Where the next scan continues reading one container's log.
 *
 * @param containerId the container's id
 * @param containerName its name, for people
 * @param position timestamp of the newest line read
 * @param seenAtPosition keys of the lines read at exactly {@code position}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerCursor(
        @JsonPropertyDescription("The container's id.") String containerId,
        @JsonPropertyDescription("The container's name when it was read, for people.") String containerName,
        @JsonPropertyDescription("Timestamp (RFC 3339, nanoseconds) of the newest log line read; older lines are "
                + "never read again.")
        String position,
        @JsonPropertyDescription("Keys of the lines already read at exactly that timestamp, so that lines sharing "
                + "it are neither skipped nor counted twice.")
        List<String> seenAtPosition) {

    public ContainerCursor {
        seenAtPosition = seenAtPosition == null ? List.of() : List.copyOf(seenAtPosition);
    }
}
