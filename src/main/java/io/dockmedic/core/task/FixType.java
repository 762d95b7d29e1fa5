package io.dockmedic.core.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dockmedic.core.rules.FixKind;

/** How an issue can be fixed, as the API writes it: by dockmedic (restart, exec) or by an agent. */
public enum FixType {
    @JsonProperty("restart") RESTART,
    @JsonProperty("exec") EXEC,
    @JsonProperty("agent") AGENT;

    public static FixType of(FixKind kind) {
        return valueOf(kind.name());
    }

    public FixKind kind() {
        return FixKind.valueOf(name());
    }
}
