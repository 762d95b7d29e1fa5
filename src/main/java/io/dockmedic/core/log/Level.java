package io.dockmedic.core.log;

/** A log event's level, normalised across logging formats; UNKNOWN when the line states none. */
public enum Level {
    TRACE,
    DEBUG,
    INFO,
    NOTICE,
    WARN,
    ERROR,
    FATAL,
    UNKNOWN;

    /** Whether the writer itself called this event a problem (WARN or worse). */
    public boolean isProblem() {
        return this == WARN || this == ERROR || this == FATAL;
    }

    /** Whether the writer called this event routine (TRACE to NOTICE): never an issue by level alone. */
    public boolean isRoutine() {
        return this == TRACE || this == DEBUG || this == INFO || this == NOTICE;
    }
}
