package io.dockmedic.core.scan;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.core.container.ContainerState;
import io.dockmedic.core.container.RuntimeUnavailableException;
import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.log.LogStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A container runtime held in memory, faithful to the {@link ContainerRuntime} port: lists containers in
 * insertion order and streams exactly the lines a cursor admits, oldest first. Faults can be injected: an
 * unreachable runtime, or a log read that breaks after some lines.
 */
public final class InMemoryContainerRuntime implements ContainerRuntime {

    private final Map<String, ContainerInfo> containers = new LinkedHashMap<>();
    private final Map<String, List<LogLine>> logs = new HashMap<>();
    private final Map<String, Integer> breakAfter = new HashMap<>();
    private boolean unavailable;
    private int reads;

    /** Adds (or replaces) a container. */
    public InMemoryContainerRuntime add(ContainerInfo container) {
        containers.put(container.id(), container);
        logs.computeIfAbsent(container.id(), id -> new ArrayList<>());
        return this;
    }

    /** Changes a container's state, as the runtime would after an exit, a restart or a health check. */
    public InMemoryContainerRuntime setState(String containerId, ContainerState state) {
        ContainerInfo c = containers.get(containerId);
        containers.put(containerId, new ContainerInfo(c.id(), c.name(), c.image(), c.labels(), state));
        return this;
    }

    /** Removes a container and its log. */
    public InMemoryContainerRuntime remove(String containerId) {
        containers.remove(containerId);
        logs.remove(containerId);
        return this;
    }

    /** Appends a line to a container's log. */
    public InMemoryContainerRuntime log(String containerId, Instant at, LogStream stream, String text) {
        logs.get(containerId).add(new LogLine(at, stream, text));
        return this;
    }

    /** Appends a line on stdout. */
    public InMemoryContainerRuntime log(String containerId, Instant at, String text) {
        return log(containerId, at, LogStream.STDOUT, text);
    }

    /**
     * Appends a fixture file written by {@code docker logs --timestamps}: each line is an RFC 3339 timestamp,
     * a space and the program's line. The file does not say which stream a line came from: all go to stdout.
     */
    public InMemoryContainerRuntime logFile(String containerId, Path file) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                String stamp = space < 0 ? line : line.substring(0, space);
                String text = space < 0 ? "" : line.substring(space + 1);
                log(containerId, Instant.parse(stamp), text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Makes listing and reading fail as an unreachable runtime does. */
    public InMemoryContainerRuntime unavailable(boolean unavailable) {
        this.unavailable = unavailable;
        return this;
    }

    /** Makes the next read of this container's log fail after delivering {@code lines} lines. */
    public InMemoryContainerRuntime breakNextReadAfter(String containerId, int lines) {
        breakAfter.put(containerId, lines);
        return this;
    }

    /** How many log reads were made. */
    public int reads() {
        return reads;
    }

    @Override
    public List<ContainerInfo> listContainers() {
        if (unavailable) {
            throw new RuntimeUnavailableException("cannot reach the in-memory runtime", null);
        }
        return List.copyOf(containers.values());
    }

    @Override
    public LogCursor readLogs(ContainerInfo container, LogCursor from, Consumer<LogLine> sink) {
        if (unavailable) {
            throw new RuntimeUnavailableException("cannot reach the in-memory runtime", null);
        }
        reads++;
        List<LogLine> log = logs.get(container.id());
        if (log == null) {
            throw new IllegalStateException("no such container: " + container.id());
        }
        List<LogLine> ordered = new ArrayList<>(log);
        ordered.sort(Comparator.comparing(LogLine::timestamp)); // stable: equal timestamps keep write order
        Integer limit = breakAfter.remove(container.id());
        LogCursor.Tracker tracker = from.tracker();
        int delivered = 0;
        for (LogLine line : ordered) {
            if (!from.admits(line)) {
                continue;
            }
            if (limit != null && delivered == limit) {
                throw new RuntimeUnavailableException("log stream of " + container.name() + " broke", null);
            }
            tracker.accept(line);
            sink.accept(line);
            delivered++;
        }
        return tracker.cursor();
    }
}
