package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/**
 * Which containers a LogAudit covers.
 *
 * @param names exact container names
 * @param namePattern a regular expression the whole name must match
 * @param labels labels the container must carry
 * @param composeProject the compose project the container must belong to
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerSelectorSpec(
        @JsonPropertyDescription("Exact container names (without the leading slash); a container matches when "
                + "its name is any of them.")
        List<String> names,

        @JsonPropertyDescription("A regular expression the whole container name must match, e.g. 'shop-.*'. "
                + "RE2 syntax (Java's without lookaround or backreferences), matched in linear time.")
        @Size(max = 1000)
        String namePattern,

        @JsonPropertyDescription("Labels the container must carry, all of them; an empty value only requires "
                + "the label to be present.")
        Map<String, String> labels,

        @JsonPropertyDescription("Docker Compose project (label com.docker.compose.project) the container must "
                + "belong to.")
        String composeProject) {

    public ContainerSelectorSpec {
        names = names == null ? List.of() : List.copyOf(names);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
