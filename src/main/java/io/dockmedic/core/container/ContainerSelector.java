package io.dockmedic.core.container;

import io.dockmedic.core.regex.TextPattern;
import java.util.Map;
import java.util.Set;

/**
 * Which containers a scan covers. Every criterion given must hold; an empty selector selects all.
 *
 * @param names exact container names (any of them), empty for any
 * @param namePattern a regular expression the whole name must match, or null
 * @param labels labels that must all be present with these values (an empty value means "present")
 * @param composeProject the compose project the container must belong to, or null
 */
public record ContainerSelector(Set<String> names, TextPattern namePattern, Map<String, String> labels, String composeProject) {

    public ContainerSelector {
        names = names == null ? Set.of() : Set.copyOf(names);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A selector that selects every container. */
    public static ContainerSelector all() {
        return new ContainerSelector(Set.of(), null, Map.of(), null);
    }

    public boolean matches(ContainerInfo container) {
        if (!names.isEmpty() && !names.contains(container.name())) {
            return false;
        }
        if (namePattern != null && !namePattern.matchesWhole(container.name())) {
            return false;
        }
        if (composeProject != null && !composeProject.equals(container.project())) {
            return false;
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String actual = container.labels().get(label.getKey());
            if (actual == null || (!label.getValue().isEmpty() && !label.getValue().equals(actual))) {
                return false;
            }
        }
        return true;
    }
}
