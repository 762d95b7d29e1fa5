package io.dockmedic.cli;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.core.container.LogSource;
import io.dockmedic.core.container.ContainerSelector;
import io.dockmedic.core.container.RuntimeUnavailableException;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.scan.ScanError;
import io.dockmedic.core.scan.ScanListener;
import io.dockmedic.core.scan.ScanPolicy;
import io.dockmedic.core.scan.ScanReport;
import io.dockmedic.core.scan.ScanRequest;
import io.dockmedic.core.scan.Scanner;
import io.dockmedic.docker.DockerRuntime;
import io.dockmedic.logfile.LogFileRuntime;
import io.dockmedic.report.IssueTable;
import io.dockmedic.report.ReportWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dockmedic scan}: one scan of the Docker host (or of a saved log) into the two report files. */
@Command(name = "scan", sortOptions = false,
        description = {
            "Scans the logs and states of the containers on the Docker host ($DOCKER_HOST, default "
                    + "unix:///var/run/docker.sock) and writes docker_audit_report.json and remediation_plan.json.",
            "Each problem is reported once, with how often and since when it happens; a short table is printed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:scanned (no issue at or above --fail-on)",
            "1:an issue at or above --fail-on was found",
            "2:error: Docker unreachable, unreadable file, bad option or unwritable output"})
public final class ScanCommand implements Callable<Integer> {

    /** How results are printed on stdout. */
    enum Format { table, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = ".",
            description = "Folder for the two report files, created if missing (default: the current folder).")
    Path output;

    @Option(names = "--since", paramLabel = "DURATION|TIME",
            description = "Read logs from this long ago (30m, 24h, 7d, 1h30m) or from an ISO-8601 time "
                    + "(2024-05-01T10:00:00Z). Default: 24h; with --file, the whole file.")
    String since;

    @Option(names = "--containers", paramLabel = "NAME", split = ",",
            description = "Scan only these containers (comma-separated names).")
    List<String> containers = List.of();

    @Option(names = "--label", paramLabel = "KEY[=VALUE]",
            description = "Scan only containers with this label (and value); repeatable, all must match.")
    List<String> labels = List.of();

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
            description = "Print a table (default) or the audit report as JSON on stdout.")
    Format format;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit with 1 when an issue of this severity or worse is found (CRITICAL, HIGH, MEDIUM, LOW).")
    String failOn;

    @Option(names = "--file", paramLabel = "PATH|-",
            description = "Scan a saved log (e.g. the output of docker logs --timestamps; .gz allowed) "
                    + "or stdin ('-') instead of Docker.")
    String file;

    @Option(names = {"-v", "--verbose"},
            description = "Say on stderr how each container's log was read: from the engine's log files "
                    + "directly (json-file on this machine) or through the Docker API, and why.")
    boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant now = Instant.now();
        Severity failOnSeverity = parseFailOn();
        Instant from = parseSince(now);
        ContainerSelector selector = selector();

        boolean interactive = System.console() != null;
        ProgressLine progress = new ProgressLine(err, interactive, System::nanoTime);
        // Compiling the rule catalogue and connecting to Docker take a tenth of a second each and need nothing
        // of each other: the first runs on a thread of its own meanwhile.
        FutureTask<Scanner> scanner = new FutureTask<>(() -> new Scanner(ScanPolicy.defaults()));
        Thread rules = new Thread(scanner, "dockmedic-rules");
        rules.setDaemon(true);
        rules.start();
        DockerRuntime docker = null;
        ContainerRuntime runtime;
        try {
            if (file == null) {
                docker = DockerRuntime.fromEnvironment();
                runtime = docker;
            } else {
                runtime = file.equals("-") ? LogFileRuntime.ofStdin(System.in, now) : LogFileRuntime.ofFile(Path.of(file));
            }
        } catch (RuntimeUnavailableException | IllegalArgumentException e) { // bad DOCKER_HOST or timeout setting
            err.println("dockmedic: " + e.getMessage());
            return 2;
        }
        ScanListener listener = verbose ? new Verbose(progress, runtime, err) : progress;
        ScanReport report;
        try {
            report = built(scanner).scan(runtime, new ScanRequest(selector, from, null), listener);
        } catch (RuntimeUnavailableException e) {
            progress.clear();
            err.println("dockmedic: " + e.getMessage());
            return 2;
        } finally {
            if (docker != null) {
                docker.close();
            }
        }
        progress.clear();
        for (ScanError error : report.errors()) {
            err.println("dockmedic: warning: " + (error.container() == null ? "" : error.container() + ": ") + error.message());
        }
        if (report.containersAnalyzed() == 0 && (!containers.isEmpty() || !labels.isEmpty())) {
            err.println("dockmedic: warning: no container matches " + describe(selector));
        }

        ReportWriter writer = new ReportWriter();
        List<Path> written;
        try {
            written = writer.write(report, output);
        } catch (UncheckedIOException e) {
            err.println("dockmedic: " + e.getMessage());
            return 2;
        }
        if (format == Format.json) {
            out.println(writer.auditJson(report));
        } else {
            out.println(summary(report));
            if (!report.issues().isEmpty()) {
                out.print(IssueTable.render(report.issues(), TerminalWidth.detect(interactive)));
            }
            out.println("Reports: " + written.get(0) + ", " + written.get(1));
        }
        out.flush();
        if (failOnSeverity != null && report.issues().stream().anyMatch(i -> i.severity().atLeast(failOnSeverity))) {
            return 1;
        }
        return 0;
    }

    private static Scanner built(FutureTask<Scanner> scanner) {
        try {
            return scanner.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while the rules were compiled");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Severity parseFailOn() {
        if (failOn == null) {
            return null;
        }
        try {
            return Severity.parse(failOn);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--fail-on: " + e.getMessage());
        }
    }

    private Instant parseSince(Instant now) {
        if (since == null) {
            // A saved log is scanned whole: its lines may be older than any default window.
            return file == null ? Since.parse("24h", now) : null;
        }
        try {
            return Since.parse(since, now);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--since: " + e.getMessage());
        }
    }

    private ContainerSelector selector() {
        if (file != null && (!containers.isEmpty() || !labels.isEmpty())) {
            throw new ParameterException(spec.commandLine(),
                    "--containers and --label select Docker containers; they cannot be used with --file");
        }
        Map<String, String> required = new LinkedHashMap<>();
        for (String label : labels) {
            int eq = label.indexOf('=');
            String key = (eq < 0 ? label : label.substring(0, eq)).trim();
            if (key.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--label: expected KEY or KEY=VALUE, not '" + label + "'");
            }
            required.put(key, eq < 0 ? "" : label.substring(eq + 1));
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String name : containers) {
            if (!name.isBlank()) {
                names.add(name.trim().replaceFirst("^/", ""));
            }
        }
        return new ContainerSelector(names, null, required, null);
    }

    /** The progress line, and after each container a line saying how its log was read. */
    private static final class Verbose implements ScanListener {
        private final ProgressLine progress;
        private final ContainerRuntime runtime;
        private final PrintWriter err;

        Verbose(ProgressLine progress, ContainerRuntime runtime, PrintWriter err) {
            this.progress = progress;
            this.runtime = runtime;
            this.err = err;
        }

        @Override
        public long progressInterval() {
            return progress.progressInterval();
        }

        @Override
        public void containerStarted(ContainerInfo container, int index, int total) {
            progress.containerStarted(container, index, total);
        }

        @Override
        public void linesRead(ContainerInfo container, long lines) {
            progress.linesRead(container, lines);
        }

        @Override
        public void containerDone(ContainerInfo container, long lines, String error) {
            progress.containerDone(container, lines, error);
            progress.clear();
            LogSource source = runtime.logSource(container);
            err.printf(Locale.ROOT, "dockmedic: %s: %,d log line%s read %s%n", container.name(), lines,
                    lines == 1 ? "" : "s", source == null ? "from the saved log"
                            : source.via().equals(LogSource.FILE) ? "from the engine's log file " + source.detail()
                            : "through the Docker API (" + source.detail() + ")");
            err.flush();
        }
    }

    private static String describe(ContainerSelector selector) {
        StringBuilder text = new StringBuilder();
        if (!selector.names().isEmpty()) {
            text.append("--containers ").append(String.join(",", selector.names()));
        }
        selector.labels().forEach((key, value) -> text.append(text.length() > 0 ? " " : "")
                .append("--label ").append(key).append(value.isEmpty() ? "" : "=" + value));
        return text.toString();
    }

    private static String summary(ScanReport report) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "Scanned %d container%s, %,d log line%s: ",
                report.containersAnalyzed(), report.containersAnalyzed() == 1 ? "" : "s",
                report.linesScanned(), report.linesScanned() == 1 ? "" : "s"));
        int total = report.issues().size();
        if (total == 0) {
            return text.append("no issues.").toString();
        }
        text.append(total).append(total == 1 ? " issue (" : " issues (");
        String separator = "";
        for (Severity severity : Severity.values()) {
            long count = report.count(severity);
            if (count > 0) {
                text.append(separator).append(count).append(' ').append(severity.name().toLowerCase(Locale.ROOT));
                separator = ", ";
            }
        }
        return text.append(") in ").append(report.containersWithIssues())
                .append(report.containersWithIssues() == 1 ? " container." : " containers.").toString();
    }
}
