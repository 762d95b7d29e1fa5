package io.dockmedic.core.task;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The status of a condition, spelled as Kubernetes spells it. */
public enum ConditionStatus {
    @JsonProperty("True") TRUE,
    @JsonProperty("False") FALSE,
    @JsonProperty("Unknown") UNKNOWN;

    public static ConditionStatus of(boolean value) {
        return value ? TRUE : FALSE;
    }
}
