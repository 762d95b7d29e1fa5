package io.dockmedic.docker;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * Real containers for integration tests: a busybox image built locally from scratch (no registry),
 * containers named {@code dmtest-*}, all removed when the fixture closes.
 */
public final class DockerFixture implements AutoCloseable {

    /** One tag per test JVM: another JVM on the shared engine removes its own tag when it exits, not this one. */
    private static final String IMAGE_NAME = "dmtest/busybox:it-" + ProcessHandle.current().pid();
    private static String image;

    private final DockerClient client = DockerClientFactory.instance().client();
    private final List<String> created = new ArrayList<>();

    /** The busybox image, built on first use and removed when the test JVM exits. */
    public static synchronized String image() {
        if (image == null) {
            try {
                image = new ImageFromDockerfile(IMAGE_NAME, false)
                        .withFileFromPath("busybox", Path.of("/bin/busybox"))
                        .withFileFromString("Dockerfile", """
                                FROM scratch
                                COPY busybox /bin/busybox
                                RUN ["/bin/busybox","--install","-s","/bin"]
                                """)
                        .get(5, TimeUnit.MINUTES);
                // With Ryuk off (no registry to pull it from) nothing else removes the image.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> removeImage(IMAGE_NAME)));
            } catch (TimeoutException | RuntimeException e) {
                throw new IllegalStateException("cannot build the busybox test image from /bin/busybox "
                        + "(install Debian's busybox-static)", e);
            }
        }
        return image;
    }

    private static void removeImage(String name) {
        try {
            DockerClientFactory.instance().client().removeImageCmd(name).withForce(true).exec();
        } catch (RuntimeException alreadyGone) {
            // nothing left to clean up
        }
    }

    /** Creates (does not start) a container running {@code command}, after {@code customize}. */
    public String create(String name, Consumer<CreateContainerCmd> customize, String... command) {
        CreateContainerCmd cmd = client.createContainerCmd(image()).withName(name).withCmd(command);
        customize.accept(cmd);
        String id = cmd.exec().getId();
        created.add(id);
        return id;
    }

    public String run(String name, Consumer<CreateContainerCmd> customize, String... command) {
        String id = create(name, customize, command);
        start(id);
        return id;
    }

    /** Starts a created container. */
    public void start(String id) {
        client.startContainerCmd(id).exec();
    }

    /** Restarts a running container (stop with a 1 s grace period, then start), as {@code docker restart}. */
    public void restart(String id) {
        client.restartContainerCmd(id).withTimeout(1).exec();
    }

    /** Runs a container to its end and returns its id. */
    public String runToExit(String name, Consumer<CreateContainerCmd> customize, String... command) {
        String id = run(name, customize, command);
        await().atMost(Duration.ofSeconds(30)).until(() -> !Boolean.TRUE.equals(inspect(id).getState().getRunning()));
        return id;
    }

    public InspectContainerResponse inspect(String id) {
        return client.inspectContainerCmd(id).exec();
    }

    /** Runs {@code command} inside the container and returns what it wrote to stdout. */
    public String execOutput(String id, String... command) {
        String exec = client.execCreateCmd(id).withCmd(command).withAttachStdout(true).exec().getId();
        StringBuilder out = new StringBuilder();
        try {
            client.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    synchronized (out) {
                        out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            }).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        synchronized (out) {
            return out.toString();
        }
    }

    /** Runs {@code command} inside the container and waits for it to finish. */
    public void exec(String id, String... command) {
        String exec = client.execCreateCmd(id).withCmd(command).withAttachStdout(true).withAttachStderr(true)
                .exec().getId();
        try {
            client.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the engine has stored at least {@code newlines} complete lines of the container's log. */
    public void awaitLogNewlines(String id, long newlines) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> countNewlines(id) >= newlines);
    }

    /** The container's whole log (both streams) as the engine holds it now. */
    public String logs(String id) {
        StringBuilder out = new StringBuilder();
        try {
            client.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    synchronized (out) {
                        out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            }).awaitCompletion(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        synchronized (out) {
            return out.toString();
        }
    }

    private long countNewlines(String id) throws InterruptedException {
        AtomicLong count = new AtomicLong();
        client.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                for (byte b : frame.getPayload()) {
                    if (b == '\n') {
                        count.incrementAndGet();
                    }
                }
            }
        }).awaitCompletion(20, TimeUnit.SECONDS);
        return count.get();
    }

    public void remove(String id) {
        try {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException alreadyGone) {
            // removed by the test itself
        }
        created.remove(id);
    }

    @Override
    public void close() {
        for (String id : List.copyOf(created)) {
            remove(id);
        }
    }
}
