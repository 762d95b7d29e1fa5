package io.dockmedic.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.core.container.ContainerSelector;
import io.dockmedic.core.container.ContainerState;
import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.log.LogStream;
import io.dockmedic.core.mining.TemplateMiner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A runtime that reads several containers at once gives the scanner its logs out of order in time; the report,
 * the state and the listener's calls must be those of a scan that reads one container after another.
 */
class ParallelScanTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant NOW = T0.plusSeconds(7200);
    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"};

    @Test
    void parallelScanGivesTheSameReportAndStateAsOneContainerAtATime() {
        InMemoryContainerRuntime logs = busyContainers(6, 3000);
        ScanReport sequential = scanner().scan(new Reads(logs, false), request(null), ScanListener.NONE);
        Reads parallel = new Reads(logs, true);
        ScanReport concurrent = scanner().scan(parallel, request(null), ScanListener.NONE);

        assertThat(render(concurrent)).isEqualTo(render(sequential));
        assertThat(concurrent.scanState()).isEqualTo(sequential.scanState());
        assertThat(concurrent.linesScanned()).isEqualTo(6 * 3000);
        assertThat(sequential.issues()).hasSizeGreaterThan(6); // merges, stack traces and warnings to get right
    }

    @Test
    void incrementalParallelScansMatchSequentialOnes() {
        InMemoryContainerRuntime logs = busyContainers(5, 800);
        Scanner one = scanner();
        Scanner many = scanner();
        ScanReport a1 = one.scan(new Reads(logs, false), request(null), ScanListener.NONE);
        ScanReport b1 = many.scan(new Reads(logs, true), request(null), ScanListener.NONE);
        for (int c = 1; c <= 5; c++) {
            for (int i = 0; i < 50; i++) {
                logs.log("c" + c, T0.plusSeconds(4000 + i), LogStream.STDERR,
                        pyLog(i, "ERROR", "payment " + (900 + i) + " refused for user " + USERS[(i + c) % USERS.length]));
            }
        }
        ScanReport a2 = one.scan(new Reads(logs, false), request(a1.scanState()), ScanListener.NONE);
        ScanReport b2 = many.scan(new Reads(logs, true), request(b1.scanState()), ScanListener.NONE);

        assertThat(render(b2)).isEqualTo(render(a2));
        assertThat(b2.scanState()).isEqualTo(a2.scanState());
        assertThat(b2.linesScanned()).isEqualTo(5 * 50);
    }

    @Test
    void listenerHearsEachContainerInOrderWithTheSameCounts() {
        InMemoryContainerRuntime logs = busyContainers(4, 2500);
        List<String> sequential = new ArrayList<>();
        List<String> concurrent = new ArrayList<>();
        scanner().scan(new Reads(logs, false), request(null), recording(sequential));
        scanner().scan(new Reads(logs, true), request(null), recording(concurrent));

        assertThat(concurrent).isEqualTo(sequential);
        assertThat(sequential).startsWith("started c1 1/4", "c1 1000", "c1 2000", "done c1 2500 null",
                "started c2 2/4");
    }

    @Test
    void aReadThatBreaksWhileOthersRunKeepsAnExactCursor() {
        InMemoryContainerRuntime sequentialLogs = busyContainers(4, 1000).breakNextReadAfter("c2", 333);
        InMemoryContainerRuntime parallelLogs = busyContainers(4, 1000).breakNextReadAfter("c2", 333);
        ScanReport sequential = scanner().scan(new Reads(sequentialLogs, false), request(null), ScanListener.NONE);
        Scanner scanner = scanner();
        ScanReport concurrent = scanner.scan(new Reads(parallelLogs, true), request(null), ScanListener.NONE);

        assertThat(render(concurrent)).isEqualTo(render(sequential));
        assertThat(concurrent.errors()).singleElement().satisfies(error -> {
            assertThat(error.container()).isEqualTo("svc-2");
            assertThat(error.message()).contains("broke");
        });
        assertThat(concurrent.scanState()).isEqualTo(sequential.scanState());
        assertThat(concurrent.linesScanned()).isEqualTo(3 * 1000 + 333);

        ScanReport rest = scanner.scan(new Reads(parallelLogs, true), request(concurrent.scanState()), ScanListener.NONE);
        assertThat(rest.linesScanned()).isEqualTo(1000 - 333); // none twice, none skipped
        assertThat(rest.errors()).isEmpty();
    }

    @Test
    void severalContainersAreReadAtOnceWhenTheRuntimeAllows() {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "one processor: one container at a time");
        InMemoryContainerRuntime logs = busyContainers(6, 2000);
        Reads parallel = new Reads(logs, true);
        scanner().scan(parallel, request(null), ScanListener.NONE);
        Reads sequential = new Reads(logs, false);
        scanner().scan(sequential, request(null), ScanListener.NONE);

        assertThat(parallel.mostAtOnce.get()).isBetween(2, Runtime.getRuntime().availableProcessors());
        assertThat(sequential.mostAtOnce.get()).isEqualTo(1);
    }

    /**
     * Containers whose errors share templates across containers (so what the miner learns depends on the order
     * it sees them in), with Java stack traces, warnings, both streams and routine lines between.
     */
    private static InMemoryContainerRuntime busyContainers(int count, int lines) {
        InMemoryContainerRuntime runtime = new InMemoryContainerRuntime();
        for (int c = 1; c <= count; c++) {
            String id = "c" + c;
            runtime.add(new ContainerInfo(id, "svc-" + c, "img/svc", Map.of(), new ContainerState("running", 0, false,
                    0, null, 0, null, NOW.minusSeconds(30), null, null)));
            int i = 0;
            while (i < lines) {
                Instant at = T0.plusMillis(i * 250L + c);
                if (i % 97 == 13 && i + 3 < lines) {
                    runtime.log(id, at, LogStream.STDERR, pyLog(i, "ERROR", "request failed"));
                    runtime.log(id, at, LogStream.STDERR, "java.lang.IllegalStateException: pool " + (i % 3) + " closed");
                    runtime.log(id, at, LogStream.STDERR, "\tat com.example.Pool.take(Pool.java:" + (40 + c) + ")");
                    runtime.log(id, at, LogStream.STDERR, "\tat com.example.Api.handle(Api.java:12)");
                    i += 4;
                    continue;
                }
                String text;
                if (i % 41 == 7) {
                    text = pyLog(i, "ERROR", "login failed for user " + USERS[(i / 41 + c) % USERS.length]);
                } else if (i % 53 == 5) {
                    text = pyLog(i, "WARNING", "connection to db-" + (i % 4) + ":5432 refused, retrying");
                } else if (i % 59 == 3) {
                    text = pyLog(i, "ERROR", "disk quota exceeded on /data/" + c + "/" + (i % 5));
                } else {
                    text = pyLog(i, "INFO", "GET /api/items/" + i + " 200 in " + (i % 300) + "ms");
                }
                runtime.log(id, at, i % 2 == 0 ? LogStream.STDOUT : LogStream.STDERR, text);
                i++;
            }
        }
        return runtime;
    }

    /** What a user sees of a report: every issue's identity, counts, samples and rank, and the errors. */
    private static List<String> render(ScanReport report) {
        List<String> out = new ArrayList<>();
        for (Issue issue : report.issues()) {
            out.add(issue.priority() + " " + issue.fingerprint() + " " + issue.severity() + " " + issue.occurrences()
                    + " " + issue.template() + " | " + issue.firstSample() + " | " + issue.lastSample() + " | "
                    + issue.firstSeen() + " " + issue.lastSeen() + " " + issue.containerName());
        }
        report.errors().forEach(error -> out.add("error " + error.container() + ": " + error.message()));
        out.add(report.containersAnalyzed() + " " + report.containersWithIssues() + " " + report.linesScanned() + " "
                + report.bytesScanned());
        return out;
    }

    private static ScanListener recording(List<String> calls) {
        List<String> synced = Collections.synchronizedList(calls);
        return new ScanListener() {
            @Override
            public long progressInterval() {
                return 1000;
            }

            @Override
            public void containerStarted(ContainerInfo container, int index, int total) {
                synced.add("started " + container.id() + " " + index + "/" + total);
            }

            @Override
            public void linesRead(ContainerInfo container, long lines) {
                synced.add(container.id() + " " + lines);
            }

            @Override
            public void containerDone(ContainerInfo container, long lines, String error) {
                synced.add("done " + container.id() + " " + lines + " " + error);
            }
        };
    }

    private static ScanRequest request(ScanState resumeFrom) {
        return new ScanRequest(ContainerSelector.all(), null, resumeFrom);
    }

    private static Scanner scanner() {
        return new Scanner(ScanPolicy.defaults(), new TemplateMiner(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static String pyLog(int second, String level, String message) {
        return String.format("2025-03-01 10:%02d:%02d,100 %s [app] %s", second / 60 % 60, second % 60, level, message);
    }

    /**
     * The in-memory runtime, read by several threads at once when {@code parallel}: each read takes its lines
     * under a lock and hands them out unlocked, yielding now and then so that reads interleave.
     */
    private static final class Reads implements ContainerRuntime {
        private final InMemoryContainerRuntime logs;
        private final boolean parallel;
        private final AtomicInteger reading = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        Reads(InMemoryContainerRuntime logs, boolean parallel) {
            this.logs = logs;
            this.parallel = parallel;
        }

        @Override
        public List<ContainerInfo> listContainers() {
            return logs.listContainers();
        }

        @Override
        public LogCursor readLogs(ContainerInfo container, LogCursor from, Consumer<LogLine> sink) {
            int now = reading.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                List<LogLine> lines = new ArrayList<>();
                LogCursor cursor;
                RuntimeException broke = null;
                synchronized (logs) {
                    try {
                        cursor = logs.readLogs(container, from, lines::add);
                    } catch (RuntimeException e) {
                        cursor = null;
                        broke = e;
                    }
                }
                for (int i = 0; i < lines.size(); i++) {
                    if (i % 200 == 0) {
                        sleepBriefly(); // let the other reads go ahead
                    }
                    sink.accept(lines.get(i));
                }
                if (broke != null) {
                    throw broke;
                }
                return cursor;
            } finally {
                reading.decrementAndGet();
            }
        }

        @Override
        public boolean readsInParallel() {
            return parallel;
        }

        private static void sleepBriefly() {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
