package io.dockmedic.audit;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.core.container.LogSource;
import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogLine;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * A runtime whose logs end at a fixed instant: lines stamped after {@code windowEnd} are left for the
 * next scan. Bounding each scan's window is what lets a scan interrupted by a crash be repeated over
 * exactly the same lines (see SPEC/operator.md, "Cursors and crashes").
 */
final class BoundedRuntime implements ContainerRuntime {

    private final ContainerRuntime runtime;
    private final Instant windowEnd;

    BoundedRuntime(ContainerRuntime runtime, Instant windowEnd) {
        this.runtime = runtime;
        this.windowEnd = windowEnd;
    }

    @Override
    public List<ContainerInfo> listContainers() {
        return runtime.listContainers();
    }

    @Override
    public LogCursor readLogs(ContainerInfo container, LogCursor from, Consumer<LogLine> sink) {
        LogCursor.Tracker tracker = from.tracker();
        runtime.readLogs(container, from, line -> {
            if (!line.timestamp().isAfter(windowEnd) && tracker.accept(line)) {
                sink.accept(line);
            }
        });
        return tracker.cursor();
    }

    @Override
    public LogSource logSource(ContainerInfo container) {
        return runtime.logSource(container);
    }

    @Override
    public boolean readsInParallel() {
        return runtime.readsInParallel();
    }
}
