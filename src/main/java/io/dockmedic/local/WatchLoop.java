package io.dockmedic.local;

import io.dockmedic.audit.AuditCycle;
import io.dockmedic.audit.AuditSettings;
import io.dockmedic.audit.AuditStatusBuilder;
import io.dockmedic.audit.InvalidSpecException;
import io.dockmedic.core.task.TaskNotifier;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.core.task.TaskReport;
import io.dockmedic.core.task.TaskStore;
import io.dockmedic.docker.DockerEventWatcher;
import io.dockmedic.docker.DockerRuntime;
import io.dockmedic.docker.DockerSettings;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.report.TaskReportWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code dockmedic watch}: the operator's loop on one host. Each audit of the policy file runs the same
 * {@link AuditCycle} as the operator's reconciler, at its interval and when Docker reports a container of
 * it dying, OOM-killed or turning unhealthy; tasks, templates and audit status live in the state directory,
 * and the five report files are rewritten after every round.
 */
public final class WatchLoop implements AutoCloseable {

    /**
     * Where the loop keeps and writes things.
     *
     * @param state the state directory (tasks, audits, templates)
     * @param output the folder of the five report files
     * @param tasks the task store (in the state directory)
     * @param engineDefaults the engine of audits that name none, and the TLS files and timeouts of all
     */
    public record Setup(Path state, Path output, TaskStore tasks, DockerSettings engineDefaults) {
    }

    /**
     * One audit's part of a round.
     *
     * @param audit the audit's name
     * @param outcome what its cycle did, or null when the cycle failed
     * @param failure why it failed, or null
     */
    public record AuditRound(String audit, AuditCycle.Outcome outcome, String failure) {

        /** Whether the audit was scanned. */
        public boolean scanned() {
            return outcome != null && !outcome.engineUnreachable();
        }
    }

    private static final class Watched {
        LogAudit audit;
        final AuditSettings settings;
        final DockerSettings engine;
        volatile Instant due;

        Watched(LogAudit audit, AuditSettings settings, DockerSettings engine, Instant due) {
            this.audit = audit;
            this.settings = settings;
            this.engine = engine;
            this.due = due;
        }
    }

    private final Setup setup;
    private final Clock clock;
    private final PrintWriter out;
    private final Consumer<String> warn;
    private final AuditCycle cycle;
    private final LocalAudits audits;
    private final LocalTemplateArchive templates;
    private final TaskNotifier notices;
    private final Map<String, Watched> watched = new LinkedHashMap<>();
    private final Map<DockerSettings, DockerRuntime> runtimes = new HashMap<>();
    private final List<DockerEventWatcher> eventWatchers = new ArrayList<>();
    private final Object wake = new Object();
    private volatile boolean stopping;

    /**
     * A loop over {@code declared}, the LogAudits of the policy file.
     *
     * @param warn receives one line per problem that does not stop the loop
     * @throws InvalidSpecException when an audit's spec cannot run without a cluster or is invalid
     * @throws java.io.UncheckedIOException when an audit's kept state cannot be read
     */
    public WatchLoop(Setup setup, List<LogAudit> declared, Clock clock, PrintWriter out, Consumer<String> warn) {
        this.setup = setup;
        this.clock = clock;
        this.out = out;
        this.warn = warn;
        this.cycle = new AuditCycle(clock, warn);
        this.audits = new LocalAudits(setup.state());
        this.templates = new LocalTemplateArchive(setup.state(), warn);
        this.notices = new PrintedNotices(out, clock);
        Instant now = clock.instant();
        for (LogAudit declaredAudit : declared) {
            String name = declaredAudit.getMetadata().getName();
            AuditSettings settings;
            try {
                settings = AuditSettings.of(declaredAudit.getSpec());
            } catch (InvalidSpecException e) {
                throw new InvalidSpecException("LogAudit " + name + ": " + e.getMessage());
            }
            DockerSettings engine = engineOf(name, settings, declaredAudit, setup.engineDefaults());
            watched.put(name, new Watched(audits.recall(declaredAudit), settings, engine, now));
        }
    }

    /** The engine an audit scans: its own {@code dockerHost}, with the TLS files and timeouts of the defaults. */
    static DockerSettings engineOf(String name, AuditSettings settings, LogAudit audit, DockerSettings defaults) {
        if (settings.tlsSecret() != null) {
            throw new InvalidSpecException("LogAudit " + name + ": spec.tlsSecretRef names a Kubernetes Secret, "
                    + "which dockmedic watch has no cluster to read; set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH "
                    + "instead");
        }
        String host = audit.getSpec().dockerHost() == null ? defaults.host() : settings.dockerHost();
        return new DockerSettings(host, defaults.tlsVerify(), defaults.certPath(), defaults.connectTimeout(),
                defaults.readTimeout(), defaults.logFiles());
    }

    /**
     * Runs one cycle of every audit, writes the report files, and says what each cycle did. A cycle that
     * only repeated a scan interrupted by a crash is followed by one up to now, so that everything logged
     * so far is counted.
     */
    public List<AuditRound> once() {
        List<AuditRound> round = new ArrayList<>();
        for (Watched audit : watched.values()) {
            AuditRound done = cycle(audit);
            if (done.outcome() != null && done.outcome().repeated()) {
                done = cycle(audit);
            }
            round.add(done);
        }
        writeReports();
        return round;
    }

    /**
     * Runs until {@link #stop}: each audit at its interval (or sooner for a fix's back-off), and at once when
     * Docker reports one of its containers dying, OOM-killed or changing health.
     */
    public void run() {
        followEngines();
        while (!stopping) {
            Instant now = clock.instant();
            boolean ran = false;
            for (Watched audit : watched.values()) {
                if (stopping) {
                    break;
                }
                if (!audit.due.isAfter(now)) {
                    cycle(audit);
                    ran = true;
                }
            }
            if (ran) {
                writeReports();
            }
            sleepUntilDue();
        }
    }

    /** Asks {@link #run} to return after the cycle it is in. */
    public void stop() {
        stopping = true;
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private AuditRound cycle(Watched audit) {
        String name = audit.audit.getMetadata().getName();
        DockerRuntime runtime = runtimes.computeIfAbsent(audit.engine, DockerRuntime::new);
        AuditCycle.Outcome outcome;
        try {
            outcome = cycle.run(audit.audit, audit.settings, audit.engine.host(),
                    new AuditCycle.Ports(setup.tasks(), notices, templates, runtime, runtime.fixes()));
            // Should this write fail, the tasks carry the scan's number and the next cycle repeats its window.
            audit.audit = audits.record(audit.audit, outcome.status());
        } catch (RuntimeException e) {
            // As the operator's error status: the audit says why, and is tried again at its interval.
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            warn.accept("LogAudit " + name + ": the cycle failed: " + reason);
            try {
                audit.audit = audits.record(audit.audit,
                        AuditStatusBuilder.from(audit.audit, clock.instant()).scanFailed(reason).build());
            } catch (RuntimeException alsoFailed) {
                // The state directory itself may be what fails; the warning above says why.
            }
            audit.due = clock.instant().plus(audit.settings.interval());
            return new AuditRound(name, null, reason);
        }
        audit.due = outcome.started().plus(outcome.next());
        print(name, audit.engine, outcome);
        return new AuditRound(name, outcome, null);
    }

    private void print(String name, DockerSettings engine, AuditCycle.Outcome outcome) {
        synchronized (out) {
            if (outcome.engineUnreachable()) {
                out.printf("%s LogAudit %s: Docker at %s is unreachable; next try in %s%n", clock.instant(), name,
                        engine.host(), seconds(outcome.next()));
            } else {
                long open = outcome.written().stream()
                        .filter(w -> w.resultingStatus().phase() != TaskPhase.Resolved
                                && w.resultingStatus().phase() != TaskPhase.Ignored)
                        .count();
                out.printf("%s LogAudit %s: %s%d containers, %d new lines, %d issues, %d tasks open, %d fixes; next in %s%n",
                        clock.instant(), name, outcome.repeated() ? "repeated the scan a crash interrupted: " : "",
                        outcome.report().containersAnalyzed(), outcome.report().linesScanned(),
                        outcome.report().issues().size(), open, outcome.fixes().size(), seconds(outcome.next()));
            }
            out.flush();
        }
    }

    private void writeReports() {
        try {
            List<TaskReport.InNamespace> tasks = setup.tasks().listAll().stream()
                    // Local tasks have no namespace: the state directory is their one scope.
                    .map(task -> new TaskReport.InNamespace(null, task)).toList();
            new TaskReportWriter().write(TaskReport.of(tasks, clock.instant()), setup.output(),
                    TaskReportWriter.LearningsFormat.XML);
        } catch (RuntimeException e) {
            // The tasks are safe in the store; the files are written again after the next round.
            warn.accept("cannot write the report files in " + setup.output() + ": " + e.getMessage());
        }
    }

    private void followEngines() {
        for (DockerSettings engine : watched.values().stream().map(w -> w.engine).distinct().toList()) {
            DockerEventWatcher watcher = new DockerEventWatcher(engine, event -> {
                boolean any = false;
                for (Watched audit : watched.values()) {
                    if (audit.engine.equals(engine) && audit.settings.selector().matches(event.container())) {
                        synchronized (wake) {
                            audit.due = clock.instant();
                        }
                        any = true;
                    }
                }
                if (any) {
                    synchronized (wake) {
                        wake.notifyAll();
                    }
                }
            });
            eventWatchers.add(watcher);
            watcher.start();
        }
    }

    private void sleepUntilDue() {
        synchronized (wake) {
            while (!stopping) {
                Instant next = watched.values().stream().map(w -> w.due).min(Instant::compareTo).orElse(null);
                long wait = next == null ? 1000 : Duration.between(clock.instant(), next).toMillis();
                if (wait <= 0) {
                    return;
                }
                try {
                    wake.wait(Math.min(wait, 60_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() < 10_000 ? String.format("%.1fs", duration.toMillis() / 1000.0)
                : duration.toSeconds() + "s";
    }

    @Override
    public void close() {
        eventWatchers.forEach(DockerEventWatcher::close);
        eventWatchers.clear();
        runtimes.values().forEach(DockerRuntime::close);
        runtimes.clear();
    }
}
