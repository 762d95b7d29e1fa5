package io.dockmedic.bench;

import io.dockmedic.core.scan.ScanListener;
import io.dockmedic.core.scan.ScanPolicy;
import io.dockmedic.core.scan.ScanReport;
import io.dockmedic.core.scan.ScanRequest;
import io.dockmedic.core.scan.Scanner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Throughput of the whole scan path (level detection, event assembly, rules, masking, mining,
 * fingerprints, ledger) on a synthetic mixed container log read from memory, on the scan's own threads, its CPU
 * time that of the whole process.
 */
public final class ScanBenchmark {

    private final SyntheticContainerLogs runtime;
    private final long lines;
    private final long bytes;

    /** A benchmark over about {@code totalLines} synthetic lines. */
    public ScanBenchmark(long totalLines) {
        this.runtime = new SyntheticContainerLogs(totalLines);
        long[] counts = runtime.countLinesAndBytes();
        this.lines = counts[0];
        this.bytes = counts[1];
    }

    /**
     * Warms the JIT, then measures the log generator alone (its cost is inside every scan figure) and
     * {@code rounds} scans, each by a fresh scanner.
     */
    public List<Throughput> run(int rounds, Consumer<String> progress) {
        progress.accept("warming up the scan path");
        for (int i = 0; i < 2; i++) {
            scanOnce();
        }
        List<Throughput> results = new ArrayList<>();
        results.add(Throughput.measureProcess("synthetic log generation alone", lines, bytes,
                runtime::countLinesAndBytes));
        for (int r = 1; r <= rounds; r++) {
            results.add(Throughput.measureProcess("full scan path (round " + r + ")", lines, bytes, this::scanOnce));
        }
        return results;
    }

    /** Issues found by one scan, to show the benchmark scanned something real. */
    public int issuesFound() {
        return scanOnce().issues().size();
    }

    private ScanReport scanOnce() {
        ScanReport report = new Scanner(ScanPolicy.defaults()).scan(runtime, new ScanRequest(null, null, null),
                new ScanListener() { });
        if (report.linesScanned() != lines) {
            throw new IllegalStateException("scanned " + report.linesScanned() + " lines, expected " + lines);
        }
        return report;
    }
}
