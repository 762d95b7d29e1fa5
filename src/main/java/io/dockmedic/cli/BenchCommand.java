package io.dockmedic.cli;

import io.dockmedic.bench.LoghubSystem;
import io.dockmedic.bench.MinerBenchmark;
import io.dockmedic.bench.RescanBenchmark;
import io.dockmedic.bench.ScanBenchmark;
import io.dockmedic.bench.Throughput;
import io.dockmedic.core.container.ContainerSelector;
import io.dockmedic.core.container.RuntimeUnavailableException;
import io.dockmedic.docker.DockerRuntime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dockmedic bench}: throughput and heap of the template miner and of the whole scan path; quiet rescans. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures, with a warm JIT, lines/s and bytes/s (on CPU time: the thread's for the miner, "
                + "the process's for the scan, whose stages run on threads of their own; and on wall time) and "
                + "peak heap of: the template miner alone, masking on, over the Loghub "
                + "Content lines repeated to --lines lines; and the full scan path over a synthetic mixed "
                + "container log of --lines lines read from memory.",
                "--mode rescan scans the Docker containers with --label once, then --rounds quiet rescans from the "
                        + "cursors, as the operator does, and prints each scan's wall and CPU time per container."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--loghub", paramLabel = "DIR",
            description = "Folder of *_2k.log_structured.csv files (default: ${DEFAULT-VALUE}).",
            defaultValue = "src/test/resources/loghub/in-sample")
    Path loghub;

    @Option(names = "--lines", paramLabel = "N", defaultValue = "1000000",
            description = "Lines per measured round, at least (default: ${DEFAULT-VALUE}).")
    long lines;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
            description = "Measured rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "all",
            description = "miner, scan, all (the two) or rescan (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--label", paramLabel = "KEY=VALUE",
            description = "With --mode rescan: the containers to scan (required).")
    String label;

    @Override
    public Integer call() {
        if (!List.of("miner", "scan", "all", "rescan").contains(mode)) {
            throw new ParameterException(spec.commandLine(), "--mode must be miner, scan, all or rescan, was " + mode);
        }
        if (lines < 1 || rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--lines and --rounds must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "dockmedic bench: Java %s, %d processors, max heap %d MiB%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        Consumer<String> progress = msg -> {
            out.println(msg);
            out.flush();
        };
        if (mode.equals("rescan")) {
            return rescan(out, progress);
        }
        if (!mode.equals("scan")) {
            List<LoghubSystem> systems;
            try {
                systems = LoghubSystem.loadAll(loghub);
            } catch (IllegalStateException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage() + " (use --loghub DIR or --mode scan)");
            }
            MinerBenchmark bench = MinerBenchmark.ofLoghub(systems);
            List<Throughput> results = bench.run(lines, rounds, progress);
            results.forEach(r -> out.println(r.line()));
            out.printf(Locale.ROOT, "miner median: %,.0f lines/s on CPU time; heap kept by the miner after the %d "
                    + "Loghub lines: %,.1f MiB%n", median(results.subList(1, results.size())),
                    systems.stream().mapToInt(s -> s.contents().size()).sum(), bench.retainedBytes() / 1048576.0);
            out.flush();
        }
        if (!mode.equals("miner")) {
            ScanBenchmark bench = new ScanBenchmark(lines);
            List<Throughput> results = bench.run(rounds, progress);
            results.forEach(r -> out.println(r.line()));
            out.printf(Locale.ROOT, "scan median: %,.0f lines/s on CPU time, generation included; %d issues found%n",
                    median(results.subList(1, results.size())), bench.issuesFound());
            out.flush();
        }
        return 0;
    }

    private int rescan(PrintWriter out, Consumer<String> progress) {
        if (label == null || label.indexOf('=') <= 0) {
            throw new ParameterException(spec.commandLine(), "--mode rescan needs --label KEY=VALUE");
        }
        int eq = label.indexOf('=');
        ContainerSelector selector = new ContainerSelector(Set.of(), null,
                Map.of(label.substring(0, eq), label.substring(eq + 1)), null);
        try (DockerRuntime docker = DockerRuntime.fromEnvironment()) {
            List<RescanBenchmark.Scan> scans = new RescanBenchmark(docker, selector).run(rounds, progress);
            double[] cpu = scans.subList(1, scans.size()).stream().mapToDouble(RescanBenchmark.Scan::cpuNanos).sorted()
                    .toArray();
            double[] wall = scans.subList(1, scans.size()).stream().mapToDouble(RescanBenchmark.Scan::wallNanos)
                    .sorted().toArray();
            int containers = scans.get(0).containers();
            out.printf(Locale.ROOT, "quiet rescan median: wall %.1f ms, CPU %.1f ms for %d containers "
                    + "(%.2f ms wall, %.2f ms CPU per container)%n", wall[wall.length / 2] / 1e6,
                    cpu[cpu.length / 2] / 1e6, containers, wall[wall.length / 2] / 1e6 / Math.max(1, containers),
                    cpu[cpu.length / 2] / 1e6 / Math.max(1, containers));
            out.flush();
        } catch (RuntimeUnavailableException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("dockmedic: " + e.getMessage());
            return 2;
        }
        return 0;
    }

    private static double median(List<Throughput> results) {
        double[] rates = results.stream().mapToDouble(Throughput::linesPerCpuSecond).sorted().toArray();
        return rates.length == 0 ? 0 : rates[rates.length / 2];
    }
}
