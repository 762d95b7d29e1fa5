package io.dockmedic.core.task;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Names a LogAudit in the same namespace.
 *
 * @param name the LogAudit's name
 */
public record AuditReference(
        @JsonPropertyDescription("Name of the LogAudit.")
        @JsonProperty(required = true)
        String name) {
}
