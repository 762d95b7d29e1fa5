package io.dockmedic.operator;

import io.dockmedic.core.container.RuntimeUnavailableException;
import io.dockmedic.core.scan.ScanReport;
import io.dockmedic.core.scan.Scanner;
import io.dockmedic.docker.DockerSettings;
import io.dockmedic.core.task.Condition;
import io.dockmedic.core.task.ConditionStatus;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditStatus;
import io.dockmedic.operator.api.RemediationTask;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.operator.audit.AuditScan;
import io.dockmedic.operator.audit.AuditScanners;
import io.dockmedic.operator.audit.AuditSettings;
import io.dockmedic.operator.audit.AuditStatusBuilder;
import io.dockmedic.operator.audit.InvalidSpecException;
import io.dockmedic.operator.audit.ScanWatch;
import io.dockmedic.operator.audit.TemplateStore;
import io.dockmedic.operator.docker.DockerEndpoints;
import io.dockmedic.operator.docker.DockerEventSource;
import io.dockmedic.operator.task.IssueEvents;
import io.dockmedic.core.task.ScanMark;
import io.dockmedic.core.task.TaskLifecycle;
import io.dockmedic.core.task.TaskNames;
import io.dockmedic.core.task.TaskPlanner;
import io.dockmedic.core.task.TaskWork;
import io.dockmedic.core.task.TaskWriter;
import io.dockmedic.core.task.TaskNotifier;
import io.dockmedic.core.fix.FixMode;
import io.dockmedic.core.fix.FixPlan;
import io.dockmedic.core.fix.FixPlanner;
import io.dockmedic.core.fix.FixRunner;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.operator.task.KubernetesTaskStore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a LogAudit: derive its settings, scan new log lines and container states, let the
 * task planner decide, let the task writer act, and record the status once.
 */
@ControllerConfiguration(name = LogAuditReconciler.NAME, fieldManager = TaskLifecycle.ACTOR)
public final class LogAuditReconciler implements Reconciler<LogAudit> {

    private static final Logger LOG = LoggerFactory.getLogger(LogAuditReconciler.class);
    public static final String NAME = "logaudit";
    /** How soon an audit whose spec points at something missing (e.g. its TLS Secret) is looked at again. */
    static final Duration INVALID_SPEC_RETRY = Duration.ofMinutes(1);
    /** Task phases set by agents or people: a change to one of them deserves a prompt reconcile. */
    private static final Set<TaskPhase> SET_BY_OTHERS = Set.of(TaskPhase.Claimed, TaskPhase.Fixed, TaskPhase.Ignored);

    private final Clock clock;
    private final DockerEndpoints endpoints;
    private final AuditScanners scanners;
    private final TemplateStore templates;
    private final IssueEvents events;
    private final AuditMetrics metrics;
    private final DockerEventSource dockerEvents = new DockerEventSource();
    private final ScanWatch scanWatch;

    public LogAuditReconciler(Clock clock, DockerEndpoints endpoints, TemplateStore templates, IssueEvents events,
            AuditMetrics metrics) {
        this.clock = clock;
        this.endpoints = endpoints;
        this.scanners = new AuditScanners(clock);
        this.templates = templates;
        this.events = events;
        this.metrics = metrics;
        this.scanWatch = new ScanWatch(clock, ScanWatch.DEFAULT_BUDGET, LOG::warn);
    }

    @Override
    public List<EventSource<?, LogAudit>> prepareEventSources(EventSourceContext<LogAudit> context) {
        InformerEventSource<RemediationTask, LogAudit> tasks = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(RemediationTask.class, LogAudit.class)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(LogAudit.class))
                        .withNamespacesInheritedFromController()
                        .withOnAddFilter(task -> false)
                        .withOnUpdateFilter(LogAuditReconciler::changedByAnAgent)
                        .build(),
                context);
        return List.of(tasks, dockerEvents);
    }

    @Override
    public UpdateControl<LogAudit> reconcile(LogAudit audit, Context<LogAudit> context) {
        Instant now = clock.instant();
        forgetDeletedAudits(context);
        AuditStatusBuilder status = AuditStatusBuilder.from(audit, now);
        AuditSettings settings;
        DockerSettings engine;
        try {
            settings = AuditSettings.of(audit.getSpec());
            engine = endpoints.settings(audit.getMetadata().getNamespace(), settings.dockerHost(),
                    settings.tlsSecret());
        } catch (InvalidSpecException e) {
            // One log line per new problem, not one per retry: the condition holds the message meanwhile.
            Condition ready = audit.getStatus() == null ? null
                    : Condition.find(audit.getStatus().conditions(), AuditStatusBuilder.READY);
            if (ready == null || !e.getMessage().equals(ready.message())) {
                LOG.warn("LogAudit {}/{} has an invalid spec: {}", audit.getMetadata().getNamespace(),
                        audit.getMetadata().getName(), e.getMessage());
            }
            record(audit, status.invalidSpec(e.getMessage()), context);
            metrics.scanFailed(keyOf(audit), AuditMetrics.INVALID_SPEC);
            return UpdateControl.<LogAudit>noUpdate().rescheduleAfter(INVALID_SPEC_RETRY);
        }
        dockerEvents.watch(ResourceID.fromResource(audit), engine, settings.selector());

        KubernetesTaskStore store = KubernetesTaskStore.forOperator(context.getClient(),
                audit.getMetadata().getNamespace());
        TaskNotifier notifier = events.tasksIn(audit.getMetadata().getNamespace());
        // Read from the API server, not the cache: the scan window depends on them.
        List<StoredTask> tasks = store.list(TaskNames.auditLabel(audit.getMetadata().getName()));
        TaskPlanner planner = new TaskPlanner(audit.getMetadata().getName(), audit.getMetadata().getUid(),
                new TaskLifecycle(settings.resolveAfter()), settings.remediation().silences());
        ScanMark mark = AuditScan.nextMark(audit.getStatus(), tasks, planner, now);
        AuditMetrics.AuditKey key = keyOf(audit);
        ScanReport report;
        try {
            report = scan(audit, settings, engine, mark, key, status);
        } catch (RuntimeUnavailableException e) {
            record(audit, status.dockerUnreachable(e.getMessage()), context);
            metrics.scanFailed(key, AuditMetrics.ENGINE_UNREACHABLE);
            return UpdateControl.<LogAudit>noUpdate().rescheduleAfter(settings.interval());
        }
        List<TaskWork> planned = planner.plan(tasks, report.issues(), Set.copyOf(report.ongoing()), mark, now);
        FixPlan fixes = decideFixes(settings, engine, planner, planned, now);
        List<TaskWork> written = new TaskWriter(store, notifier).write(planner, fixes.work(), mark, now);
        metrics.fixesDone(key, new FixRunner(store, notifier, endpoints.executor(engine), clock)
                .carryOut(fixes.orders()));
        record(audit, status.scanned(engine.host(), AuditScan.summary(report, mark)).tasks(written), context);
        recordMetrics(key, now, report, written);
        return UpdateControl.<LogAudit>noUpdate().rescheduleAfter(nextReconcile(settings, fixes, now));
    }

    /** Scans the audit's containers over the mark's window; templates of new issues are stored first. */
    private ScanReport scan(LogAudit audit, AuditSettings settings, DockerSettings engine, ScanMark mark,
            AuditMetrics.AuditKey key, AuditStatusBuilder status) {
        String scannerKey = key.namespace() + "/" + key.name();
        // The saved templates are read once per process and audit; what happened to them goes in the status.
        AtomicReference<TemplateStore.Restored> restored = new AtomicReference<>();
        Scanner scanner = scanners.scanner(scannerKey, generationOf(audit), settings.policy(), () -> {
            restored.set(templates.load(audit));
            return restored.get().miner();
        });
        if (restored.get() != null) {
            status.templateStore(restored.get());
        }
        ScanReport report = scanWatch.time(scannerKey,
                () -> AuditScan.run(scanner, endpoints.runtime(engine), settings, audit.getStatus(), mark));
        // Templates of new issues are stored before the tasks that carry their fingerprints.
        scanners.unsaved(scannerKey).ifPresent(snapshot -> {
            templates.save(audit, snapshot);
            scanners.saved(scannerKey, snapshot);
        });
        return report;
    }

    /** The automatic fixes under the audit's policy; the containers are listed only when a policy is on. */
    private FixPlan decideFixes(AuditSettings settings, DockerSettings engine, TaskPlanner planner,
            List<TaskWork> planned, Instant now) {
        FixPlanner fixer = new FixPlanner(settings.remediation(), planner::labels);
        if (settings.remediation().mode() == FixMode.Off) {
            return fixer.decide(planned, List.of(), now);
        }
        return fixer.decide(planned, endpoints.runtime(engine).listContainers(), now);
    }

    private void recordMetrics(AuditMetrics.AuditKey key, Instant started, ScanReport report,
            List<TaskWork> written) {
        metrics.scanned(key, Duration.between(started, clock.instant()), report.linesScanned(),
                report.bytesScanned());
        metrics.tasks(key, written);
    }

    /** At the interval, or sooner when a task's back-off or cooldown ends before it. */
    private static Duration nextReconcile(AuditSettings settings, FixPlan fixes, Instant now) {
        if (fixes.nextDecisionAt() == null) {
            return settings.interval();
        }
        Duration wait = Duration.between(now, fixes.nextDecisionAt()).plusMillis(100);
        return wait.compareTo(settings.interval()) < 0 ? wait : settings.interval();
    }

    @Override
    public ErrorStatusUpdateControl<LogAudit> updateErrorStatus(LogAudit audit, Context<LogAudit> context,
            Exception e) {
        metrics.scanFailed(keyOf(audit), AuditMetrics.SCAN_FAILED);
        LogAuditStatus status = AuditStatusBuilder.from(audit, clock.instant())
                .scanFailed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()).build();
        ErrorStatusUpdateControl<LogAudit> control;
        if (status.equals(audit.getStatus())) {
            control = ErrorStatusUpdateControl.noStatusUpdate();
        } else {
            announceReadyChange(audit, status);
            control = ErrorStatusUpdateControl.patchStatus(withStatus(audit, status));
        }
        // When JOSDK's retries are used up, the audit must not wait for an unrelated event: try at the interval.
        boolean lastAttempt = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(false);
        if (lastAttempt) {
            control.rescheduleAfter(intervalOf(audit));
        }
        return control;
    }

    private static Duration intervalOf(LogAudit audit) {
        try {
            return AuditSettings.of(audit.getSpec()).interval();
        } catch (InvalidSpecException e) {
            return INVALID_SPEC_RETRY;
        }
    }

    /** Writes the status when it changed, in one server-side apply, and caches it for the next reconcile. */
    private LogAuditStatus record(LogAudit audit, AuditStatusBuilder builder, Context<LogAudit> context) {
        LogAuditStatus status = builder.build();
        if (!status.equals(audit.getStatus())) {
            announceReadyChange(audit, status);
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(audit, withStatus(audit, status), context);
        }
        return status;
    }

    private void announceReadyChange(LogAudit audit, LogAuditStatus next) {
        Condition before = audit.getStatus() == null ? null
                : Condition.find(audit.getStatus().conditions(), AuditStatusBuilder.READY);
        Condition after = Condition.find(next.conditions(), AuditStatusBuilder.READY);
        if (after != null && (before == null ? after.status() != ConditionStatus.TRUE : before.status() != after.status())) {
            events.emit(audit, after.status() == ConditionStatus.TRUE ? "Normal" : "Warning", after.reason(),
                    after.message());
        }
    }

    private void forgetDeletedAudits(Context<LogAudit> context) {
        Set<ResourceID> existing = context.getPrimaryCache().list().map(ResourceID::fromResource)
                .collect(Collectors.toSet());
        dockerEvents.retainAudits(existing::contains);
        endpoints.retain(dockerEvents::engines);
        scanners.retain(existing.stream().map(id -> id.getNamespace().orElse("") + "/" + id.getName())
                .collect(Collectors.toSet()));
        metrics.retain(existing.stream().map(id -> new AuditMetrics.AuditKey(id.getNamespace().orElse(""),
                id.getName())).collect(Collectors.toSet()));
    }

    private static boolean changedByAnAgent(RemediationTask now, RemediationTask before) {
        TaskPhase phase = now.getStatus() == null ? null : now.getStatus().phase();
        TaskPhase previous = before.getStatus() == null ? null : before.getStatus().phase();
        boolean phaseSetByOthers = phase != previous && SET_BY_OTHERS.contains(phase);
        boolean claimChanged = !Objects.equals(now.getStatus() == null ? null : now.getStatus().claim(),
                before.getStatus() == null ? null : before.getStatus().claim());
        return phaseSetByOthers || claimChanged;
    }

    private static long generationOf(LogAudit audit) {
        Long generation = audit.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    private static AuditMetrics.AuditKey keyOf(LogAudit audit) {
        return new AuditMetrics.AuditKey(audit.getMetadata().getNamespace(), audit.getMetadata().getName());
    }

    private static LogAudit withStatus(LogAudit audit, LogAuditStatus status) {
        LogAudit fresh = new LogAudit();
        fresh.setMetadata(new ObjectMetaBuilder()
                .withName(audit.getMetadata().getName())
                .withNamespace(audit.getMetadata().getNamespace())
                .withUid(audit.getMetadata().getUid())
                .build());
        fresh.setStatus(status);
        return fresh;
    }
}
