package io.dockmedic.core.container;

import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogLine;
import java.util.List;
import java.util.function.Consumer;

/** The port to a container runtime: lists containers and streams their logs. */
public interface ContainerRuntime {

    /**
     * All containers, running and stopped, with their state.
     *
     * @throws RuntimeUnavailableException when the runtime cannot be reached
     */
    List<ContainerInfo> listContainers();

    /**
     * Streams the container's log lines that {@code from} admits, oldest first, to {@code sink},
     * without holding the whole log in memory, and returns the cursor after the last line read.
     *
     * @throws RuntimeUnavailableException when the runtime cannot be reached
     */
    LogCursor readLogs(ContainerInfo container, LogCursor from, Consumer<LogLine> sink);

    /**
     * How the latest {@link #readLogs} of this container got its lines, or null when the runtime has
     * only one way to read logs.
     */
    default LogSource logSource(ContainerInfo container) {
        return null;
    }

    /**
     * Whether {@link #readLogs} of different containers may run on several threads at once (and
     * {@link #logSource} beside them); a scan then reads a few containers ahead. False unless a runtime says so.
     */
    default boolean readsInParallel() {
        return false;
    }
}
