package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * Names a LogAudit in the same namespace.
 *
 * @param name the LogAudit's name
 */
public record AuditReference(
        @JsonPropertyDescription("Name of the LogAudit.")
        @Required
        String name) {
}
