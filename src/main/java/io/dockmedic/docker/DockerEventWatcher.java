package io.dockmedic.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.dockmedic.core.container.ContainerInfo;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one Docker engine's event stream for container deaths, OOM kills and health changes, and
 * reconnects (resuming from the last event seen) when the stream breaks.
 */
public final class DockerEventWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DockerEventWatcher.class);
    static final String[] ACTIONS = {"die", "oom", "health_status"};
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final DockerSettings settings;
    private final Consumer<ContainerEvent> onEvent;
    private final Sleeper sleeper;
    private final Thread thread;
    private volatile boolean closed;
    private volatile ResultCallback.Adapter<Event> stream;
    private volatile long lastEventSeconds;

    /** Waits between attempts; a test passes one that counts them. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Follows the engine of {@code settings}, handing each event to {@code onEvent} (on its own thread). */
    public DockerEventWatcher(DockerSettings settings, Consumer<ContainerEvent> onEvent) {
        this(settings, onEvent, duration -> Thread.sleep(duration.toMillis()));
    }

    DockerEventWatcher(DockerSettings settings, Consumer<ContainerEvent> onEvent, Sleeper sleeper) {
        this.settings = settings;
        this.onEvent = onEvent;
        this.sleeper = sleeper;
        this.thread = new Thread(this::run, "docker-events " + settings.host());
        this.thread.setDaemon(true);
    }

    /** Starts following, on a daemon thread. */
    public void start() {
        thread.start();
    }

    private void run() {
        Duration backoff = Duration.ofSeconds(1);
        while (!closed) {
            // No response timeout: the event stream is silent for as long as nothing happens.
            try (DockerConnection connection = DockerConnection.open(settings, 1, null)) {
                DockerClient client = connection.client();
                CountDownLatch ended = new CountDownLatch(1);
                AtomicBoolean connected = new AtomicBoolean();
                var command = client.eventsCmd()
                        .withEventTypeFilter(EventType.CONTAINER)
                        .withEventFilter(ACTIONS);
                if (lastEventSeconds > 0) {
                    command.withSince(Long.toString(lastEventSeconds));
                }
                stream = command.exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onStart(Closeable stream) {
                        super.onStart(stream);
                        connected.set(true);
                    }

                    @Override
                    public void onNext(Event event) {
                        deliver(event);
                    }

                    @Override
                    public void onError(Throwable error) {
                        if (!closed) {
                            LOG.warn("Docker event stream of {} broke: {}", settings.host(), error.getMessage());
                        }
                        ended.countDown();
                    }

                    @Override
                    public void onComplete() {
                        ended.countDown();
                    }
                });
                ended.await();
                // Only a stream the engine answered resets the wait; refused connections keep doubling it.
                if (connected.get()) {
                    backoff = Duration.ofSeconds(1);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot follow Docker events of {}: {}", settings.host(), e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void deliver(Event event) {
        if (event.getTime() != null) {
            lastEventSeconds = event.getTime();
        }
        if (event.getActor() == null || event.getActor().getId() == null) {
            return;
        }
        // Docker puts the container's labels among the actor's attributes, next to name and image.
        Map<String, String> attributes = event.getActor().getAttributes() == null ? Map.of()
                : new HashMap<>(event.getActor().getAttributes());
        String name = attributes.getOrDefault("name", event.getActor().getId());
        String image = attributes.getOrDefault("image", "");
        try {
            onEvent.accept(new ContainerEvent(event.getAction(),
                    new ContainerInfo(event.getActor().getId(), name, image, attributes, null)));
        } catch (RuntimeException e) {
            LOG.warn("Could not handle Docker event {} of {}: {}", event.getAction(), name, e.getMessage());
        }
    }

    private void sleep(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        ResultCallback.Adapter<Event> current = stream;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // the stream is being abandoned anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
