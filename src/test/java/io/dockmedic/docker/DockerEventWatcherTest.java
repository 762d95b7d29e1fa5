package io.dockmedic.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.docker.DockerSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DockerEventWatcherTest {

    @Test
    void anUnreachableEngineIsRetriedAfterOneSecondDoublingUpToThirty() throws Exception {
        DockerSettings unreachable = new DockerSettings("tcp://127.0.0.1:" + closedPort(), false, "/nonexistent",
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        List<Duration> waits = new CopyOnWriteArrayList<>();
        CountDownLatch enough = new CountDownLatch(1);
        // The waits are recorded, not slept: eight refused attempts take milliseconds.
        DockerEventWatcher watcher = new DockerEventWatcher(unreachable, event -> { }, wait -> {
            waits.add(wait);
            if (waits.size() == 8) {
                enough.countDown();
                throw new InterruptedException("eight attempts are enough");
            }
        });
        watcher.start();
        try {
            assertThat(enough.await(60, TimeUnit.SECONDS)).as("attempts so far: %s", waits).isTrue();
        } finally {
            watcher.close();
        }
        assertThat(waits).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    /** A loopback port nobody listens on (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
