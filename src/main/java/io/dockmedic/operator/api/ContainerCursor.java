package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Where the next scan continues with one container: its log position and the state already counted.
 *
 * @param containerId the container's id
 * @param container its identity when it was read, for people
 * @param position timestamp of the newest line read
 * @param seenAtPosition keys of the lines read at exactly {@code position}
 * @param counted the state occurrences already counted
 * @param readFrom how the log was read last: {@code file} (the engine's log files, directly) or {@code api}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerCursor(
        @JsonPropertyDescription("The container's id.") String containerId,
        @JsonPropertyDescription("The container's identity (compose project/service, else its name) when it was "
                + "read, for people.")
        String container,
        @JsonPropertyDescription("Timestamp (RFC 3339, nanoseconds) of the newest log line read; older lines are "
                + "never read again.")
        String position,
        @JsonPropertyDescription("Keys of the lines already read at exactly that timestamp, so that lines sharing "
                + "it are neither skipped nor counted twice.")
        List<String> seenAtPosition,
        @JsonPropertyDescription("What of the container's state (exits, restarts, unhealthy episodes) was already "
                + "counted, so that a state is counted once however often it is scanned.")
        CountedState counted,
        @JsonPropertyDescription("How the container's log was read in the latest scan: 'file' (its json-file "
                + "log read directly from the engine's files) or 'api' (streamed by the Docker engine).")
        String readFrom) {

    public ContainerCursor {
        seenAtPosition = seenAtPosition == null ? List.of() : List.copyOf(seenAtPosition);
    }

    /** A cursor that does not say how the log was read. */
    public ContainerCursor(String containerId, String container, String position, List<String> seenAtPosition,
            CountedState counted) {
        this(containerId, container, position, seenAtPosition, counted, null);
    }
}
