package io.dockmedic.audit;

import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.core.container.RuntimeUnavailableException;
import io.dockmedic.core.fix.FixExecutor;
import io.dockmedic.core.fix.FixMode;
import io.dockmedic.core.fix.FixPlan;
import io.dockmedic.core.fix.FixPlanner;
import io.dockmedic.core.fix.FixRunner;
import io.dockmedic.core.scan.ScanReport;
import io.dockmedic.core.scan.Scanner;
import io.dockmedic.core.task.ScanMark;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskLifecycle;
import io.dockmedic.core.task.TaskNames;
import io.dockmedic.core.task.TaskNotifier;
import io.dockmedic.core.task.TaskPlanner;
import io.dockmedic.core.task.TaskStore;
import io.dockmedic.core.task.TaskWork;
import io.dockmedic.core.task.TaskWriter;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One reconcile of one LogAudit, the same for the operator and for {@code dockmedic watch}: read the
 * audit's tasks, scan the new log lines and container states, let the task planner decide, decide the
 * automatic fixes, write the tasks, carry out the fixes, and say what the status becomes. Where tasks,
 * templates and containers live is behind the {@link Ports}; writing the audit's status is the caller's.
 */
public final class AuditCycle {

    private final Clock clock;
    private final AuditScanners scanners;
    private final ScanWatch scanWatch;

    /**
     * @param warn receives one line per scan past its time budget
     */
    public AuditCycle(Clock clock, Consumer<String> warn) {
        this.clock = clock;
        this.scanners = new AuditScanners(clock);
        this.scanWatch = new ScanWatch(clock, ScanWatch.DEFAULT_BUDGET, warn);
    }

    /**
     * Where one audit's cycle reads and writes.
     *
     * @param tasks the audit's RemediationTasks
     * @param notifier announces what happened to them (Events, or nothing)
     * @param templates the audit's saved template miner
     * @param runtime the audit's Docker engine
     * @param executor carries out automatic fixes on that engine
     */
    public record Ports(TaskStore tasks, TaskNotifier notifier, TemplateArchive templates, ContainerRuntime runtime,
            FixExecutor executor) {
    }

    /**
     * What one cycle did.
     *
     * @param status the audit's status to record
     * @param report the scan, or null when the engine could not be reached
     * @param written the tasks as written
     * @param fixes the automatic fixes carried out
     * @param started when the cycle started
     * @param next when the audit should be looked at again, from {@code started}
     * @param repeated whether the scan repeated one interrupted before its status was written; its window
     *     ended before {@code started}, so {@code next} is zero: a scan up to now follows once this status
     *     is recorded
     */
    public record Outcome(LogAuditStatus status, ScanReport report, List<TaskWork> written, List<FixRunner.Done> fixes,
            Instant started, Duration next, boolean repeated) {

        /** Whether the engine could not be reached. */
        public boolean engineUnreachable() {
            return report == null;
        }
    }

    /** Runs one cycle of {@code audit} under {@code settings} against the engine at {@code engineHost}. */
    public Outcome run(LogAudit audit, AuditSettings settings, String engineHost, Ports ports) {
        Instant now = clock.instant();
        AuditStatusBuilder status = AuditStatusBuilder.from(audit, now);
        // Read from the store itself, not a cache: the scan window depends on them.
        List<StoredTask> tasks = ports.tasks().list(TaskNames.auditLabel(audit.getMetadata().getName()));
        TaskPlanner planner = new TaskPlanner(audit.getMetadata().getName(), audit.getMetadata().getUid(),
                new TaskLifecycle(settings.resolveAfter()), settings.remediation().silences());
        ScanMark mark = AuditScan.nextMark(audit.getStatus(), tasks, planner, now);
        ScanReport report;
        try {
            report = scan(audit, settings, ports, mark, status);
        } catch (RuntimeUnavailableException e) {
            return new Outcome(status.dockerUnreachable(e.getMessage()).build(), null, List.of(), List.of(), now,
                    settings.interval(), false);
        }
        List<TaskWork> planned = planner.plan(tasks, report.issues(), Set.copyOf(report.ongoing()), mark, now);
        FixPlan fixes = decideFixes(settings, ports.runtime(), planner, planned, now);
        List<TaskWork> written = new TaskWriter(ports.tasks(), ports.notifier()).write(planner, fixes.work(), mark, now);
        List<FixRunner.Done> done = new FixRunner(ports.tasks(), ports.notifier(), ports.executor(), clock)
                .carryOut(fixes.orders());
        LogAuditStatus next = status.scanned(engineHost, AuditScan.summary(report, mark)).tasks(written).build();
        // A repeated scan read only up to its old window end; the lines since wait for no interval.
        boolean repeated = mark.windowEnd().isBefore(now);
        return new Outcome(next, report, written, done, now,
                repeated ? Duration.ZERO : nextReconcile(settings, fixes, now), repeated);
    }

    /** Forgets the scanners of audits not in {@code keys} ({@link #keyOf} of the audits that exist). */
    public void retain(Set<String> keys) {
        scanners.retain(keys);
    }

    /** The key an audit's scanner is kept under. */
    public static String keyOf(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    /** Scans the audit's containers over the mark's window; templates of new issues are stored first. */
    private ScanReport scan(LogAudit audit, AuditSettings settings, Ports ports, ScanMark mark,
            AuditStatusBuilder status) {
        String key = keyOf(audit.getMetadata().getNamespace(), audit.getMetadata().getName());
        // The saved templates are read once per process and audit; what happened to them goes in the status.
        AtomicReference<TemplateArchive.Restored> restored = new AtomicReference<>();
        Scanner scanner = scanners.scanner(key, generationOf(audit), settings.policy(), () -> {
            restored.set(ports.templates().load(audit));
            return restored.get().miner();
        });
        if (restored.get() != null) {
            status.templateStore(restored.get());
        }
        ScanWatch.Timed<ScanReport> timed = scanWatch.time(key,
                () -> AuditScan.run(scanner, ports.runtime(), settings, audit.getStatus(), mark));
        status.scanTime(timed);
        ScanReport report = timed.value();
        // Templates of new issues are stored before the tasks that carry their fingerprints.
        scanners.unsaved(key).ifPresent(snapshot -> {
            ports.templates().save(audit, snapshot);
            scanners.saved(key, snapshot);
        });
        return report;
    }

    /** The automatic fixes under the audit's policy; the containers are listed only when a policy is on. */
    private static FixPlan decideFixes(AuditSettings settings, ContainerRuntime runtime, TaskPlanner planner,
            List<TaskWork> planned, Instant now) {
        FixPlanner fixer = new FixPlanner(settings.remediation(), planner::labels);
        if (settings.remediation().mode() == FixMode.Off) {
            return fixer.decide(planned, List.of(), now);
        }
        return fixer.decide(planned, runtime.listContainers(), now);
    }

    /** At the interval, or sooner when a task's back-off or cooldown ends before it. */
    private static Duration nextReconcile(AuditSettings settings, FixPlan fixes, Instant now) {
        if (fixes.nextDecisionAt() == null) {
            return settings.interval();
        }
        Duration wait = Duration.between(now, fixes.nextDecisionAt()).plusMillis(100);
        return wait.compareTo(settings.interval()) < 0 ? wait : settings.interval();
    }

    private static long generationOf(LogAudit audit) {
        Long generation = audit.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
