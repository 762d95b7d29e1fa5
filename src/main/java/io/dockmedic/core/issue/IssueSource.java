package io.dockmedic.core.issue;

import java.util.Locale;

/** Where the evidence for an issue came from: the container's log or its runtime state. */
public enum IssueSource {
    LOG,
    STATE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
