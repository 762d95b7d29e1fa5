package io.dockmedic.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScanWatchTest {

    /** A clock the test moves. */
    private static final class ManualClock extends Clock {
        volatile Instant now = Instant.parse("2025-03-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final ScanWatch watch = new ScanWatch(clock, Duration.ofMinutes(5), reports::add);

    @Test
    void aScanStuckPastItsBudgetIsReportedWhileItRunsOnceAndWhenItEnds() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread scan = new Thread(() -> watch.time("shop/web", () -> {
            started.countDown();
            await(release);
            return null;
        }), "scan-under-test");
        scan.start();
        started.await();

        watch.check();
        assertThat(reports).as("within the budget").isEmpty();

        clock.now = clock.now.plus(Duration.ofMinutes(6));
        watch.check();
        watch.check();
        assertThat(reports).singleElement().asString()
                .startsWith("Scan of LogAudit shop/web has run for 360s, more than its budget of 300s; thread "
                        + "scan-under-test is at ");

        release.countDown();
        scan.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(reports).hasSize(2).last().asString()
                .isEqualTo("Scan of LogAudit shop/web took 360s, more than its budget of 300s");
    }

    @Test
    void aScanWithinItsBudgetIsNotReported() {
        ScanWatch.Timed<String> timed = watch.time("shop/web", () -> "report");

        assertThat(timed.value()).isEqualTo("report");
        assertThat(timed.overBudget()).isFalse();
        watch.check();
        assertThat(reports).isEmpty();
    }

    @Test
    void aScanPastItsBudgetSaysHowLongItTookForTheAuditsStatus() {
        ScanWatch.Timed<String> timed = watch.time("shop/web", () -> {
            clock.now = clock.now.plus(Duration.ofSeconds(312));
            return "report";
        });

        assertThat(timed.took()).isEqualTo(Duration.ofSeconds(312));
        assertThat(timed.budget()).isEqualTo(Duration.ofMinutes(5));
        assertThat(timed.overBudget()).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
