package io.dockmedic.bench;

import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.core.container.ContainerSelector;
import io.dockmedic.core.scan.ScanListener;
import io.dockmedic.core.scan.ScanPolicy;
import io.dockmedic.core.scan.ScanReport;
import io.dockmedic.core.scan.ScanRequest;
import io.dockmedic.core.scan.ScanState;
import io.dockmedic.core.scan.Scanner;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What an operator pays per scan once the logs have been read: one scanner and one runtime kept
 * between scans, as the operator keeps them, a first scan of the selected containers, then quiet
 * rescans from the cursors it returned. Each scan's wall time and the process's CPU time (every
 * thread: reader threads, JIT and GC included) are measured.
 */
public final class RescanBenchmark {

    /** One measured scan. */
    public record Scan(String name, int containers, long lines, long wallNanos, long cpuNanos) {
        /** The figures on one line. */
        public String line() {
            return String.format(Locale.ROOT, "%-16s %4d containers %,10d lines  wall %8.1f ms  CPU %8.1f ms"
                            + "  per container: wall %6.2f ms, CPU %6.2f ms",
                    name, containers, lines, wallNanos / 1e6, cpuNanos / 1e6,
                    wallNanos / 1e6 / Math.max(1, containers), cpuNanos / 1e6 / Math.max(1, containers));
        }
    }

    private final ContainerRuntime runtime;
    private final ContainerSelector selector;

    public RescanBenchmark(ContainerRuntime runtime, ContainerSelector selector) {
        this.runtime = runtime;
        this.selector = selector;
    }

    /** The first scan (logs from the epoch), then {@code rounds} rescans from the cursors of the scan before. */
    public List<Scan> run(int rounds, Consumer<String> progress) {
        Scanner scanner = new Scanner(ScanPolicy.defaults());
        List<Scan> scans = new ArrayList<>();
        ScanState state = ScanState.EMPTY;
        for (int round = 0; round <= rounds; round++) {
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            ScanReport report = scanner.scan(runtime, new ScanRequest(selector, Instant.EPOCH, state), ScanListener.NONE);
            Scan scan = new Scan(round == 0 ? "first scan" : "quiet rescan " + round, report.containersAnalyzed(),
                    report.linesScanned(), System.nanoTime() - start, os.getProcessCpuTime() - cpu);
            state = report.scanState();
            scans.add(scan);
            progress.accept(scan.line());
        }
        return scans;
    }
}
