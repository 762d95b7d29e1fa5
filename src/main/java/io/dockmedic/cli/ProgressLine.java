package io.dockmedic.cli;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.scan.ScanListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Tells on stderr how far a scan has read. On a terminal one line is rewritten in place (at most
 * five times a second) and erased at the end; elsewhere (CI logs, files) a line is printed only
 * while a container takes long, at most once per {@link #QUIET_INTERVAL}, so logs stay short.
 */
final class ProgressLine implements ScanListener {

    static final Duration QUIET_INTERVAL = Duration.ofSeconds(10);
    private static final long TERMINAL_INTERVAL_NANOS = Duration.ofMillis(200).toNanos();

    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier nanoClock;
    private long lastPrinted;
    private int index;
    private int total;
    private int shownLength;

    ProgressLine(PrintWriter err, boolean terminal, LongSupplier nanoClock) {
        this.err = err;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
        this.lastPrinted = nanoClock.getAsLong();
    }

    @Override
    public void containerStarted(ContainerInfo container, int index, int total) {
        this.index = index;
        this.total = total;
    }

    @Override
    public void linesRead(ContainerInfo container, long lines) {
        long now = nanoClock.getAsLong();
        long interval = terminal ? TERMINAL_INTERVAL_NANOS : QUIET_INTERVAL.toNanos();
        if (now - lastPrinted < interval) {
            return;
        }
        lastPrinted = now;
        String text = String.format(Locale.ROOT, "reading %s (%d/%d): %,d lines", container.name(), index, total, lines);
        if (terminal) {
            err.print("\r" + text + " ".repeat(Math.max(0, shownLength - text.length())));
            shownLength = text.length();
        } else {
            err.println(text);
        }
        err.flush();
    }

    /** Erases the progress line so the results start on a clean line. */
    void clear() {
        if (terminal && shownLength > 0) {
            err.print("\r" + " ".repeat(shownLength) + "\r");
            err.flush();
            shownLength = 0;
        }
    }
}
