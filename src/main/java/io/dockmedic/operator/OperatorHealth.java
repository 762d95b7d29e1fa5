package io.dockmedic.operator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether this replica is ready, for {@code /readyz} and the leader gauge: ready when it leads (or runs
 * without leader election), or stands by cleanly waiting for the Lease, and the API server answers.
 */
public final class OperatorHealth {

    /** How long one answer of the API server is trusted, so that probes do not hammer it. */
    static final Duration CHECK_CACHE = Duration.ofSeconds(2);
    /** How long /readyz waits for the API server before calling it unreachable. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
    /** Asks the API server off the probe's thread, so that a hung request cannot hold the probe. */
    private static final Executor ASKER = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "dockmedic-readyz");
        thread.setDaemon(true);
        return thread;
    });

    /** A readiness answer: whether ready, and why in a line. */
    public record Readiness(boolean ready, String reason) {
    }

    /** Asks the API server something cheap; throws when it does not answer. */
    @FunctionalInterface
    public interface ApiCheck {
        /** Returns normally when the API server answered. */
        void ask() throws Exception;
    }

    private final ApiCheck api;
    private final Clock clock;
    private final boolean electing;
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile boolean leader;
    private volatile Instant checkedAt = Instant.MIN;
    private volatile String apiProblem = "not asked yet";
    private CompletableFuture<Void> asking;

    /**
     * @param electing whether leader election is on (without it this replica always leads once started)
     */
    public OperatorHealth(ApiCheck api, Clock clock, boolean electing, MeterRegistry registry) {
        this.api = api;
        this.clock = clock;
        this.electing = electing;
        Gauge.builder(AuditMetrics.LEADER, this, h -> h.leads() ? 1 : 0)
                .description("1 when this replica reconciles (holds the Lease, or runs without leader election), "
                        + "0 while it stands by").register(registry);
    }

    /** The operator has started (its informers and, with election, its leader elector run). */
    public void started() {
        started = true;
    }

    /** The operator is stopping; it is no longer ready. */
    public void stopping() {
        stopping = true;
    }

    /** This replica acquired ({@code true}) or lost the Lease. */
    public void leading(boolean leads) {
        leader = leads;
    }

    /** Whether this replica reconciles now. */
    public boolean leads() {
        return started && !stopping && (leader || !electing);
    }

    /** Whether this replica is ready, asking the API server at most every {@link #CHECK_CACHE}. */
    public Readiness readiness() {
        if (stopping) {
            return new Readiness(false, "stopping");
        }
        if (!started) {
            return new Readiness(false, "starting");
        }
        String problem = apiProblem();
        if (problem != null) {
            return new Readiness(false, "API server unreachable: " + problem);
        }
        return new Readiness(true, leads() ? (electing ? "leader" : "running without leader election")
                : "standing by for the Lease");
    }

    private synchronized String apiProblem() {
        Instant now = clock.instant();
        if (Duration.between(checkedAt, now).compareTo(CHECK_CACHE) >= 0) {
            apiProblem = askApi();
            checkedAt = now;
        }
        return apiProblem;
    }

    private String askApi() {
        // A question still unanswered is waited for again rather than asked twice, so a hung API server
        // costs one thread, not one per probe.
        if (asking == null || asking.isDone()) {
            asking = CompletableFuture.runAsync(() -> {
                try {
                    api.ask();
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage() == null ? e.getClass().getSimpleName()
                            : e.getMessage(), e);
                }
            }, ASKER);
        }
        try {
            asking.get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            return "no answer within " + CHECK_TIMEOUT.toSeconds() + " s";
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
