package io.dockmedic.core.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dockmedic.core.issue.IssueSource;

/** Where an issue's evidence came from, as the API writes it. */
public enum IssueSourceType {
    @JsonProperty("log") LOG,
    @JsonProperty("state") STATE;

    public static IssueSourceType of(IssueSource source) {
        return valueOf(source.name());
    }
}
