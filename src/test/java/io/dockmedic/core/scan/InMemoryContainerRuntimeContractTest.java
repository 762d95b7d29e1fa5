package io.dockmedic.core.scan;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.core.container.ContainerRuntimeContract;
import io.dockmedic.core.container.ContainerState;
import io.dockmedic.core.log.LogStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The runtime contract against the in-memory runtime the core's tests use, so the fake stays faithful. */
class InMemoryContainerRuntimeContractTest extends ContainerRuntimeContract {

    private static final ContainerState RUNNING =
            new ContainerState("running", 0, false, 0, null, 0, null, Instant.now(), null, null);

    private final InMemoryContainerRuntime runtime = new InMemoryContainerRuntime();
    private final Map<String, StringBuilder> unfinished = new HashMap<>();
    private Instant clock = Instant.now();

    @Override
    protected ContainerRuntime runtime() {
        return runtime;
    }

    @Override
    protected ContainerInfo startContainer(String name) {
        ContainerInfo container = new ContainerInfo(name + "-id", name, "busybox", Map.of(), RUNNING);
        runtime.add(container);
        return container;
    }

    /** Like a container runtime: a line is stored, with the time it completed, when its newline is written. */
    @Override
    protected void write(ContainerInfo container, LogStream stream, String text) {
        StringBuilder line = unfinished.computeIfAbsent(container.id() + stream, key -> new StringBuilder());
        for (char c : text.toCharArray()) {
            if (c == '\n') {
                clock = clock.plusNanos(1_000);
                runtime.log(container.id(), clock, stream, line.toString());
                line.setLength(0);
            } else {
                line.append(c);
            }
        }
    }

    @Override
    protected ContainerInfo exitedContainer(String name, String output, int exitCode) {
        ContainerInfo container = new ContainerInfo(name + "-id", name, "busybox", Map.of(),
                new ContainerState("exited", exitCode, false, 0, null, 0, null, clock, clock, null));
        runtime.add(container);
        write(container, LogStream.STDOUT, output);
        return container;
    }
}
