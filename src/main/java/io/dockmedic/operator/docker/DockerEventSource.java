package io.dockmedic.operator.docker;

import io.dockmedic.docker.ContainerEvent;
import io.dockmedic.docker.DockerEventWatcher;
import io.dockmedic.core.container.ContainerSelector;
import io.dockmedic.docker.DockerSettings;
import io.dockmedic.operator.api.LogAudit;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triggers a LogAudit's reconciliation as soon as Docker reports that a container it selects died, was
 * OOM-killed or changed health, instead of waiting for the next interval. One event stream per
 * engine, shared by every audit of that engine; audits register what they watch at each reconcile.
 */
public final class DockerEventSource extends AbstractEventSource<ContainerEvent, LogAudit> {

    private static final Logger LOG = LoggerFactory.getLogger(DockerEventSource.class);

    /** What one audit watches. */
    private record Interest(DockerSettings engine, ContainerSelector selector) {
    }

    private final Map<ResourceID, Interest> interests = new ConcurrentHashMap<>();
    private final Map<DockerSettings, DockerEventWatcher> watchers = new HashMap<>();

    public DockerEventSource() {
        super(ContainerEvent.class, "docker-events");
    }

    /**
     * Records that {@code audit} watches containers of {@code engine} matching {@code selector}, and
     * starts following that engine's events if nothing does yet.
     */
    public synchronized void watch(ResourceID audit, DockerSettings engine, ContainerSelector selector) {
        interests.put(audit, new Interest(engine, selector));
        if (isRunning() && !watchers.containsKey(engine)) {
            DockerEventWatcher watcher = new DockerEventWatcher(engine, event -> onEvent(engine, event));
            watchers.put(engine, watcher);
            watcher.start();
        }
    }

    /** Drops the interests of audits that no longer exist and stops following engines nobody watches. */
    public synchronized void retainAudits(Predicate<ResourceID> exists) {
        interests.keySet().removeIf(exists.negate());
        Set<DockerSettings> engines = engines();
        watchers.entrySet().removeIf(entry -> {
            if (engines.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().close();
            return true;
        });
    }

    /** The engines some audit watches. */
    public Set<DockerSettings> engines() {
        return Set.copyOf(interests.values().stream().map(Interest::engine).toList());
    }

    private void onEvent(DockerSettings engine, ContainerEvent event) {
        interests.forEach((audit, interest) -> {
            if (interest.engine().equals(engine) && interest.selector().matches(event.container())) {
                LOG.debug("Docker event {} of {} triggers a scan of {}", event.action(), event.container().name(),
                        audit);
                getEventHandler().handleEvent(new Event(audit));
            }
        });
    }

    @Override
    public Set<ContainerEvent> getSecondaryResources(LogAudit primary) {
        return Set.of();
    }

    @Override
    public synchronized void stop() {
        watchers.values().forEach(DockerEventWatcher::close);
        watchers.clear();
        super.stop();
    }
}
