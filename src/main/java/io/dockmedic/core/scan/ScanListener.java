package io.dockmedic.core.scan;

import io.dockmedic.core.container.ContainerInfo;

/** Progress of a scan, for a progress line; called on the scanning thread. Every method defaults to nothing. */
public interface ScanListener {

    /** A listener that ignores progress. */
    ScanListener NONE = new ScanListener() {
    };

    /** How many lines pass between two {@link #linesRead} calls for one container. */
    default long progressInterval() {
        return 100_000;
    }

    /** Scanning of {@code container} starts; it is number {@code index} (1-based) of {@code total}. */
    default void containerStarted(ContainerInfo container, int index, int total) {
    }

    /** {@code lines} lines of {@code container} have been read so far in this scan. */
    default void linesRead(ContainerInfo container, long lines) {
    }

    /** Scanning of {@code container} ended after {@code lines} lines; {@code error} is null unless it failed. */
    default void containerDone(ContainerInfo container, long lines, String error) {
    }
}
