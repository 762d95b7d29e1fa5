package io.dockmedic.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One measured benchmark pass: lines and bytes over wall time and over the thread's own CPU time (the
 * honest "one core" figure on a busy machine), and the peak heap seen during the pass.
 *
 * @param name what was measured
 * @param lines lines processed
 * @param bytes UTF-8 bytes of those lines, newline included
 * @param wallNanos elapsed wall-clock time
 * @param cpuNanos CPU time of the measuring thread, or of the whole process for a pass that runs on several
 * @param peakHeapBytes highest heap use during the pass, garbage included
 */
public record Throughput(String name, long lines, long bytes, long wallNanos, long cpuNanos, long peakHeapBytes) {

    /** Runs the pass on this thread and measures it. */
    public static Throughput measure(String name, long lines, long bytes, Runnable pass) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return measure(name, lines, bytes, pass, threads::getCurrentThreadCpuTime);
    }

    /**
     * Runs a pass that works on threads of its own and measures it on the whole process's CPU time (JIT and
     * GC threads included, so run it warm).
     */
    public static Throughput measureProcess(String name, long lines, long bytes, Runnable pass) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return measure(name, lines, bytes, pass, os::getProcessCpuTime);
    }

    private static Throughput measure(String name, long lines, long bytes, Runnable pass, LongSupplier cpuNanos) {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        long cpu0 = cpuNanos.getAsLong();
        long wall0 = System.nanoTime();
        pass.run();
        long wall = System.nanoTime() - wall0;
        long cpu = cpuNanos.getAsLong() - cpu0;
        return new Throughput(name, lines, bytes, wall, cpu, peakHeap());
    }

    /** Sum of the heap pools' peaks since their last reset. */
    static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    public double linesPerCpuSecond() {
        return lines / (cpuNanos / 1e9);
    }

    public double linesPerWallSecond() {
        return lines / (wallNanos / 1e9);
    }

    public double bytesPerCpuSecond() {
        return bytes / (cpuNanos / 1e9);
    }

    /** One line: name, lines/s and MB/s on CPU time and on wall time, peak heap. */
    public String line() {
        return String.format(Locale.ROOT,
                "%-34s %,11d lines  cpu %,11.0f lines/s %7.1f MB/s   wall %,11.0f lines/s %7.1f MB/s   peak heap %,6.0f MiB",
                name, lines, linesPerCpuSecond(), bytesPerCpuSecond() / 1e6, linesPerWallSecond(),
                bytes / (wallNanos / 1e9) / 1e6, peakHeapBytes / 1048576.0);
    }
}
