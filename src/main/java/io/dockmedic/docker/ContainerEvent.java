package io.dockmedic.docker;

import io.dockmedic.core.container.ContainerInfo;

/**
 * A Docker event about a container that may need a scan now rather than at the next interval.
 *
 * @param action die, oom or health_status (with its result, e.g. "health_status: unhealthy")
 * @param container the container as the event describes it: id, name, image and labels (no state)
 */
public record ContainerEvent(String action, ContainerInfo container) {
}
