package io.dockmedic.core.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dockmedic.core.rules.Category;

/** The issue types of the API, one per core {@link Category}, written in lower case as in the reports. */
public enum IssueType {
    @JsonProperty("database") DATABASE,
    @JsonProperty("authentication") AUTHENTICATION,
    @JsonProperty("network") NETWORK,
    @JsonProperty("memory") MEMORY,
    @JsonProperty("disk") DISK,
    @JsonProperty("crash") CRASH,
    @JsonProperty("configuration") CONFIGURATION,
    @JsonProperty("timeout") TIMEOUT,
    @JsonProperty("tls") TLS,
    @JsonProperty("dependency") DEPENDENCY,
    @JsonProperty("application_exception") APPLICATION_EXCEPTION,
    @JsonProperty("performance") PERFORMANCE,
    @JsonProperty("rate_limiting") RATE_LIMITING,
    @JsonProperty("permission") PERMISSION,
    @JsonProperty("health") HEALTH,
    @JsonProperty("application_error") APPLICATION_ERROR;

    public static IssueType of(Category category) {
        return valueOf(category.name());
    }

    public Category category() {
        return Category.valueOf(name());
    }
}
