package io.dockmedic.operator.api;

/** What a severity override sets: a severity, or IGNORE to drop matching issues. */
public enum OverrideSeverity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW,
    IGNORE
}
