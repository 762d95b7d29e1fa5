package io.dockmedic.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockmedic.core.container.RuntimeUnavailableException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DockerRuntimeTest} over a unix socket, where the GETs go through {@link UnixSocketHttpClient}. */
class DockerRuntimeOverUnixSocketTest extends DockerRuntimeTest {

    DockerRuntimeOverUnixSocketTest() throws IOException {
        super(FakeDockerEngine.unixSocket());
    }

    @Test
    void aMissingSocketIsReportedAsOneLine() {
        String host = "unix:///nonexistent/dockmedic-test/docker.sock";
        try (DockerRuntime missing = new DockerRuntime(
                new DockerSettings(host, false, "", Duration.ofSeconds(2), Duration.ofSeconds(2)))) {
            assertThatThrownBy(missing::listContainers)
                    .isInstanceOf(RuntimeUnavailableException.class)
                    .hasMessage("cannot reach Docker at " + host
                            + ": no such socket; is dockerd running? set DOCKER_HOST to point elsewhere");
        }
    }

    @Test
    void aSocketNobodyListensOnAnyMoreIsReportedAsConnectionRefused(@TempDir Path folder) throws IOException {
        Path socket = folder.resolve("docker.sock");
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket)).close();
        assertThat(socket).exists(); // what a crashed dockerd leaves behind
        String host = "unix://" + socket;
        try (DockerRuntime stale = new DockerRuntime(
                new DockerSettings(host, false, "", Duration.ofSeconds(2), Duration.ofSeconds(2)))) {
            assertThatThrownBy(stale::listContainers)
                    .isInstanceOf(RuntimeUnavailableException.class)
                    .hasMessage("cannot reach Docker at " + host
                            + ": connection refused; is dockerd running? set DOCKER_HOST to point elsewhere");
        }
    }

    @Test
    void aFileThatIsNoSocketIsReportedAsOneLine(@TempDir Path folder) throws IOException {
        Path notASocket = Files.writeString(folder.resolve("docker.sock"), "x", StandardCharsets.UTF_8);
        String host = "unix://" + notASocket;
        try (DockerRuntime wrong = new DockerRuntime(
                new DockerSettings(host, false, "", Duration.ofSeconds(2), Duration.ofSeconds(2)))) {
            assertThatThrownBy(wrong::listContainers)
                    .isInstanceOf(RuntimeUnavailableException.class)
                    .hasMessageStartingWith("cannot reach Docker at " + host + ": ")
                    .hasMessageNotContaining("\n");
        }
    }
}
