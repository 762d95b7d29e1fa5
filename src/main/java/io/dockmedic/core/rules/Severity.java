package io.dockmedic.core.rules;

import java.util.Locale;

/** How bad an issue is; declared from worst to mildest so natural order is priority order. */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW;

    /** Whether this severity is at least as bad as {@code other}. */
    public boolean atLeast(Severity other) {
        return compareTo(other) <= 0;
    }

    /** Parses a severity name, ignoring case. */
    public static Severity parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown severity '" + name + "' (expected CRITICAL, HIGH, MEDIUM or LOW)", e);
        }
    }
}
