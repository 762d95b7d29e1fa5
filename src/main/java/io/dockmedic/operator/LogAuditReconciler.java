package io.dockmedic.operator;

import io.dockmedic.audit.AuditCycle;
import io.dockmedic.audit.AuditSettings;
import io.dockmedic.audit.AuditStatusBuilder;
import io.dockmedic.audit.InvalidSpecException;
import io.dockmedic.audit.TemplateArchive;
import io.dockmedic.core.task.Condition;
import io.dockmedic.core.task.ConditionStatus;
import io.dockmedic.core.task.TaskLifecycle;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.docker.DockerSettings;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditStatus;
import io.dockmedic.operator.api.RemediationTask;
import io.dockmedic.operator.docker.DockerEndpoints;
import io.dockmedic.operator.docker.DockerEventSource;
import io.dockmedic.operator.task.IssueEvents;
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
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a LogAudit: derive its settings and engine, run the {@link AuditCycle} (scan, plan, decide
 * fixes, write tasks, carry out fixes) against the API server, record metrics, and record the status once.
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
    private final AuditCycle cycle;
    private final TemplateArchive templates;
    private final IssueEvents events;
    private final AuditMetrics metrics;
    private final DockerEventSource dockerEvents = new DockerEventSource();

    public LogAuditReconciler(Clock clock, DockerEndpoints endpoints, TemplateArchive templates, IssueEvents events,
            AuditMetrics metrics) {
        this.clock = clock;
        this.endpoints = endpoints;
        this.cycle = new AuditCycle(clock, LOG::warn);
        this.templates = templates;
        this.events = events;
        this.metrics = metrics;
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
        forgetDeletedAudits(context);
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
            record(audit, AuditStatusBuilder.from(audit, clock.instant()).invalidSpec(e.reason(), e.getMessage())
                    .build(), context);
            metrics.scanFailed(keyOf(audit), AuditMetrics.INVALID_SPEC);
            return UpdateControl.<LogAudit>noUpdate().rescheduleAfter(INVALID_SPEC_RETRY);
        }
        dockerEvents.watch(ResourceID.fromResource(audit), engine, settings.selector());
        String namespace = audit.getMetadata().getNamespace();
        AuditCycle.Outcome outcome = cycle.run(audit, settings, engine.host(), new AuditCycle.Ports(
                KubernetesTaskStore.forOperator(context.getClient(), namespace), events.tasksIn(namespace),
                templates, endpoints.runtime(engine, namespace), endpoints.executor(engine)));
        recordMetrics(keyOf(audit), outcome);
        record(audit, outcome.status(), context);
        return UpdateControl.<LogAudit>noUpdate().rescheduleAfter(outcome.next());
    }

    private void recordMetrics(AuditMetrics.AuditKey key, AuditCycle.Outcome outcome) {
        if (outcome.engineUnreachable()) {
            metrics.scanFailed(key, AuditMetrics.ENGINE_UNREACHABLE);
            return;
        }
        metrics.fixesDone(key, outcome.fixes());
        metrics.scanned(key, Duration.between(outcome.started(), clock.instant()), outcome.report().linesScanned(),
                outcome.report().bytesScanned());
        if (outcome.report().truncated()) {
            metrics.truncated(key, outcome.report().truncation());
        }
        metrics.tasks(key, outcome.written());
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
    private void record(LogAudit audit, LogAuditStatus status, Context<LogAudit> context) {
        if (!status.equals(audit.getStatus())) {
            announceReadyChange(audit, status);
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(audit, withStatus(audit, status), context);
        }
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
        cycle.retain(existing.stream().map(id -> AuditCycle.keyOf(id.getNamespace().orElse(""), id.getName()))
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
