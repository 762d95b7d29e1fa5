package io.dockmedic.core.rules;

import java.util.Locale;

/** How an issue can be fixed: by dockmedic itself (restart, exec) or by handing it to an agent. */
public enum FixKind {
    RESTART,
    EXEC,
    AGENT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
