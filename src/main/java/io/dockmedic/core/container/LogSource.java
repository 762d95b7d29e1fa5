package io.dockmedic.core.container;

import java.util.Objects;

/**
 * How a runtime got a container's log lines in its latest read: straight from the engine's log files
 * ({@value #FILE}) or through the engine's API ({@value #API}), and why (which files, or why not).
 *
 * @param via {@value #FILE} or {@value #API}
 * @param detail for people: the file read, or the reason the API was used
 */
public record LogSource(String via, String detail) {

    public static final String FILE = "file";
    public static final String API = "api";

    public LogSource {
        Objects.requireNonNull(via, "via");
        detail = detail == null ? "" : detail;
    }

    @Override
    public String toString() {
        return detail.isEmpty() ? via : via + " (" + detail + ")";
    }
}
