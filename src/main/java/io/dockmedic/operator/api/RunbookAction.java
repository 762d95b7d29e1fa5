package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a runbook does. */
public enum RunbookAction {
    @JsonProperty("exec") EXEC,
    @JsonProperty("restart") RESTART
}
