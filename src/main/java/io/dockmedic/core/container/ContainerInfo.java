package io.dockmedic.core.container;

import java.util.Map;
import java.util.Objects;

/**
 * A container as listed by the runtime: identity, image, labels and state.
 *
 * @param id the runtime's container id
 * @param name the container name without the leading slash
 * @param image the image reference the container was created from
 * @param labels the container's labels
 * @param state its state when listed
 */
public record ContainerInfo(String id, String name, String image, Map<String, String> labels, ContainerState state) {

    public static final String COMPOSE_PROJECT = "com.docker.compose.project";
    public static final String COMPOSE_SERVICE = "com.docker.compose.service";

    public ContainerInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        image = image == null ? "" : image;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** The compose service, or null when the container was not started by compose. */
    public String service() {
        return labels.get(COMPOSE_SERVICE);
    }

    /** The compose project, or null when the container was not started by compose. */
    public String project() {
        return labels.get(COMPOSE_PROJECT);
    }

    /**
     * A name that survives re-creation of the container: {@code project/service} for compose
     * containers, else the container name. The id is never used because it changes on re-create.
     */
    public String identity() {
        String project = project();
        String service = service();
        if (project != null && service != null) {
            return project + "/" + service;
        }
        return name;
    }
}
