package io.dockmedic.docker;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@link DockerRuntimeTest} over TCP, where the GETs go through docker-java's httpclient5 transport. */
class DockerRuntimeOverTcpTest extends DockerRuntimeTest {

    DockerRuntimeOverTcpTest() throws IOException {
        super(FakeDockerEngine.tcp());
    }

    @Test
    void aClosedPortIsReportedAsOneLineThatSaysWhatToCheck() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String host = "tcp://127.0.0.1:" + port;
        listingFails(host)
                .hasMessage("cannot reach Docker at " + host
                        + ": connection refused; is dockerd running? set DOCKER_HOST to point elsewhere");
    }
}
