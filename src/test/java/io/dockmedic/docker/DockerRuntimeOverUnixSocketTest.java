package io.dockmedic.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        listingFails(host)
                .hasMessage("cannot reach Docker at " + host
                        + ": no such socket; is dockerd running? set DOCKER_HOST to point elsewhere");
    }

    @Test
    void aSocketNobodyListensOnAnyMoreIsReportedAsConnectionRefused(@TempDir Path folder) throws IOException {
        Path socket = folder.resolve("docker.sock");
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket)).close();
        assertThat(socket).exists(); // what a crashed dockerd leaves behind
        String host = "unix://" + socket;
        listingFails(host)
                .hasMessage("cannot reach Docker at " + host
                        + ": connection refused; is dockerd running? set DOCKER_HOST to point elsewhere");
    }

    @Test
    void aFileThatIsNoSocketIsReportedAsOneLine(@TempDir Path folder) throws IOException {
        Path notASocket = Files.writeString(folder.resolve("docker.sock"), "x", StandardCharsets.UTF_8);
        String host = "unix://" + notASocket;
        listingFails(host)
                .hasMessageStartingWith("cannot reach Docker at " + host + ": ")
                .hasMessageNotContaining("\n");
    }
}
