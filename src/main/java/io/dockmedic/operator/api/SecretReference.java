package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * A Secret in the same namespace as the resource that names it.
 *
 * @param name the Secret's name
 */
public record SecretReference(
        @JsonPropertyDescription("Name of the Secret, in the same namespace.")
        @Required
        String name) {
}
