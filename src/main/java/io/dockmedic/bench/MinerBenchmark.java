package io.dockmedic.bench;

import io.dockmedic.core.mining.TemplateMiner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Throughput of the template miner alone, masking on, single thread: the Loghub Content lines of all
 * systems, interleaved as they come file by file, repeated to at least the requested line count.
 */
public final class MinerBenchmark {

    private final String[] lines;
    private final long bytesPerRound;

    /** A benchmark over these messages. */
    public MinerBenchmark(List<String> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("no messages to benchmark");
        }
        this.lines = messages.toArray(new String[0]);
        long bytes = 0;
        for (String line : lines) {
            bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        this.bytesPerRound = bytes;
    }

    /** Every system's Content lines, one system after another. */
    public static MinerBenchmark ofLoghub(List<LoghubSystem> systems) {
        List<String> messages = new ArrayList<>();
        systems.forEach(s -> messages.addAll(s.contents()));
        return new MinerBenchmark(messages);
    }

    /**
     * Warms the JIT, then measures: the distinct messages once through a fresh miner (every masked form
     * new to it: the learning rate), and {@code rounds} passes of at least {@code totalLines} lines,
     * each through a fresh miner (the steady rate once the templates are known).
     */
    public List<Throughput> run(long totalLines, int rounds, Consumer<String> progress) {
        long repeats = (totalLines + lines.length - 1) / lines.length;
        long n = repeats * lines.length;
        progress.accept("warming up");
        for (int i = 0; i < 3; i++) {
            pass(n);
        }
        List<Throughput> results = new ArrayList<>();
        results.add(Throughput.measure("miner, first sight of each line", lines.length, bytesPerRound,
                () -> pass(lines.length)));
        for (int r = 1; r <= rounds; r++) {
            results.add(Throughput.measure("miner, Loghub x" + repeats + " (round " + r + ")", n,
                    bytesPerRound * repeats, () -> pass(n)));
        }
        return results;
    }

    /** Heap the miner keeps after learning every line once, measured after a full collection. */
    public long retainedBytes() {
        Runtime rt = Runtime.getRuntime();
        long before = usedAfterGc(rt);
        TemplateMiner miner = new TemplateMiner();
        for (String line : lines) {
            miner.mine(line);
        }
        long after = usedAfterGc(rt);
        if (miner.size() == 0) {
            throw new IllegalStateException("miner learned nothing");
        }
        return Math.max(0, after - before);
    }

    private static long usedAfterGc(Runtime rt) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private void pass(long n) {
        TemplateMiner miner = new TemplateMiner();
        String[] in = lines;
        int sink = 0;
        int k = 0;
        for (long i = 0; i < n; i++) {
            sink += miner.mine(in[k]).template().length();
            if (++k == in.length) {
                k = 0;
            }
        }
        if (sink == 42) {
            System.out.print(""); // keeps the results observable so the JIT cannot drop the work
        }
    }
}
