package io.dockmedic.core.scan;

import io.dockmedic.core.container.LogSource;
import io.dockmedic.core.container.StateMarks;
import io.dockmedic.core.log.LogCursor;
import java.util.Map;
import java.util.Objects;

/**
 * Where the next incremental scan resumes, per container id: plain records so adapters can store it
 * (LogAudit status, a file) and hand it back in {@link ScanRequest#resumeFrom()}.
 *
 * @param containers per container id, the read position and the state already counted
 */
public record ScanState(Map<String, ContainerCheckpoint> containers) {

    /** The state before any scan. */
    public static final ScanState EMPTY = new ScanState(Map.of());

    public ScanState {
        containers = containers == null ? Map.of() : Map.copyOf(containers);
    }

    /** The checkpoint of one container, or null when no scan has read it. */
    public ContainerCheckpoint checkpoint(String containerId) {
        return containers.get(containerId);
    }

    /**
     * How far one container has been scanned.
     *
     * @param container the container's identity when it was scanned (for people reading the state)
     * @param cursor where its log is read next
     * @param marks the state occurrences already counted
     * @param logSource how its log was read last (straight from the engine's files or through its API);
     *     null when the runtime has one way only or did not say
     */
    public record ContainerCheckpoint(String container, LogCursor cursor, StateMarks marks, LogSource logSource) {
        public ContainerCheckpoint {
            Objects.requireNonNull(cursor, "cursor");
            marks = marks == null ? StateMarks.NONE : marks;
        }

        /** A checkpoint that does not say how the log was read. */
        public ContainerCheckpoint(String container, LogCursor cursor, StateMarks marks) {
            this(container, cursor, marks, null);
        }
    }
}
