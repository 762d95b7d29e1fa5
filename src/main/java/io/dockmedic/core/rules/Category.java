package io.dockmedic.core.rules;

import java.util.Locale;

/** What kind of problem an issue is; {@link #id()} is the {@code issue_type} users see. */
public enum Category {
    DATABASE,
    AUTHENTICATION,
    NETWORK,
    MEMORY,
    DISK,
    CRASH,
    CONFIGURATION,
    TIMEOUT,
    TLS,
    DEPENDENCY,
    APPLICATION_EXCEPTION,
    PERFORMANCE,
    RATE_LIMITING,
    PERMISSION,
    HEALTH,
    APPLICATION_ERROR;

    /** The lower-case name used in reports and resources, e.g. {@code application_exception}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an {@link #id()} or enum name. */
    public static Category parse(String id) {
        try {
            return valueOf(id.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown issue category '" + id + "'", e);
        }
    }
}
