package io.dockmedic.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reports audit scans that run past a time budget, so a stuck one is never silent: once while it still runs
 * (from a watchdog thread, with where the scanning thread is), and again when it ends.
 */
public final class ScanWatch {

    /** How long a scan may take before it is reported; a scan reads each container for at most the read timeout. */
    public static final Duration DEFAULT_BUDGET = Duration.ofMinutes(5);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(10);

    private record Running(String audit, Instant started, AtomicBoolean reported) {
    }

    private final Clock clock;
    private final Duration budget;
    private final Consumer<String> report;
    private final Map<Thread, Running> running = new ConcurrentHashMap<>();
    private final AtomicBoolean watching = new AtomicBoolean();

    /**
     * @param report receives one line per overrun (the operator logs it as a warning)
     */
    public ScanWatch(Clock clock, Duration budget, Consumer<String> report) {
        this.clock = clock;
        this.budget = budget;
        this.report = report;
    }

    /**
     * What a timed scan returned, and how long it took.
     *
     * @param value the scan's result
     * @param took its duration
     * @param budget the budget it ran under
     */
    public record Timed<T>(T value, Duration took, Duration budget) {

        /** Whether the scan took longer than its budget. */
        public boolean overBudget() {
            return took.compareTo(budget) > 0;
        }
    }

    /** Runs {@code scan} of {@code audit} on this thread under the budget. */
    public <T> Timed<T> time(String audit, Supplier<T> scan) {
        startWatchdog();
        Thread thread = Thread.currentThread();
        Running run = new Running(audit, clock.instant(), new AtomicBoolean());
        running.put(thread, run);
        T value;
        Duration took;
        try {
            value = scan.get();
        } finally {
            running.remove(thread);
            took = Duration.between(run.started(), clock.instant());
            if (took.compareTo(budget) > 0) {
                report.accept("Scan of LogAudit " + audit + " took " + seconds(took) + ", more than its budget of "
                        + seconds(budget));
            }
        }
        return new Timed<>(value, took, budget);
    }

    /** Reports, once each, the scans running past the budget; the watchdog calls it every few seconds. */
    void check() {
        Instant now = clock.instant();
        running.forEach((thread, run) -> {
            Duration age = Duration.between(run.started(), now);
            if (age.compareTo(budget) > 0 && run.reported().compareAndSet(false, true)) {
                StackTraceElement[] stack = thread.getStackTrace();
                report.accept("Scan of LogAudit " + run.audit() + " has run for " + seconds(age)
                        + ", more than its budget of " + seconds(budget) + "; thread " + thread.getName()
                        + " is at " + (stack.length == 0 ? "an unknown place" : stack[0]));
            }
        });
    }

    private void startWatchdog() {
        if (watching.compareAndSet(false, true)) {
            ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "dockmedic-scan-watch");
                thread.setDaemon(true);
                return thread;
            });
            watchdog.scheduleWithFixedDelay(this::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + "s";
    }
}
