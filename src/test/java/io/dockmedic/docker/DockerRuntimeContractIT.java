package io.dockmedic.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.core.container.ContainerRuntimeContract;
import io.dockmedic.core.container.LogSource;
import io.dockmedic.core.log.LogStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * The runtime contract against the real Docker engine, with log output written by real processes; logs
 * read straight from the engine's json-file logs here, through the API in {@link DockerApiRuntimeContractIT}.
 */
class DockerRuntimeContractIT extends ContainerRuntimeContract {

    private final DockerFixture docker = new DockerFixture();
    private final DockerRuntime runtime = new DockerRuntime(settings());
    private final Map<String, Long> newlinesWritten = new HashMap<>();
    private final List<ContainerInfo> created = new ArrayList<>();

    /** How the runtime under test reaches the engine. */
    protected DockerSettings settings() {
        return DockerSettings.fromEnvironment(System.getenv()).withLogFiles(true);
    }

    /** The way every log must have been read. */
    protected String expectedWay() {
        return LogSource.FILE;
    }

    @AfterEach
    void everyLogWasReadTheExpectedWay() {
        for (ContainerInfo container : created) {
            LogSource source = runtime.logSource(container);
            if (source != null) {
                assertThat(source.via()).as("how %s was read: %s", container.name(), source).isEqualTo(expectedWay());
            }
        }
    }

    @AfterEach
    void cleanUp() {
        runtime.close();
        docker.close();
    }

    @Override
    protected ContainerRuntime runtime() {
        return runtime;
    }

    @Override
    protected ContainerInfo startContainer(String name) {
        String id = docker.run(name, cmd -> { }, "sleep", "3600");
        return remember(new ContainerInfo(id, name, DockerFixture.image(), Map.of(), null));
    }

    @Override
    protected void write(ContainerInfo container, LogStream stream, String text) {
        // Writing to PID 1's stdout/stderr puts the text into the container log exactly as the program would.
        docker.exec(container.id(), "sh", "-c", "printf '%s' \"$1\" > /proc/1/fd/$2", "sh", text,
                stream == LogStream.STDOUT ? "1" : "2");
        long newlines = newlinesWritten.merge(container.id(), text.chars().filter(c -> c == '\n').count(), Long::sum);
        docker.awaitLogNewlines(container.id(), newlines);
    }

    @Override
    protected ContainerInfo exitedContainer(String name, String output, int exitCode) {
        String id = docker.runToExit(name, cmd -> { }, "sh", "-c", "printf '%s' \"$1\"; exit \"$2\"", "sh", output,
                String.valueOf(exitCode));
        return remember(new ContainerInfo(id, name, DockerFixture.image(), Map.of(), null));
    }

    private ContainerInfo remember(ContainerInfo container) {
        created.add(container);
        return container;
    }
}
