package io.dockmedic.operator.task;

import io.dockmedic.core.task.TaskLifecycle;
import io.dockmedic.core.task.Notice;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.dockmedic.core.task.TaskNotifier;
import io.dockmedic.operator.api.LogAudit;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports what happened to tasks and audits as Kubernetes Events (core/v1), so that
 * {@code kubectl describe issue NAME} and {@code kubectl get events} show it. An Event that cannot be
 * written is logged and dropped: Events are a courtesy, the resources' status is the record.
 */
public final class IssueEvents {

    private static final Logger LOG = LoggerFactory.getLogger(IssueEvents.class);
    private static final String COMPONENT = TaskLifecycle.ACTOR;

    private final KubernetesClient client;
    private final Clock clock;
    private final String instance;

    /**
     * @param instance identifies this operator process in Events (reportingInstance), e.g. the pod name
     */
    public IssueEvents(KubernetesClient client, Clock clock, String instance) {
        this.client = client;
        this.clock = clock;
        this.instance = instance;
    }

    /** Events per audit per minute; beyond it they are dropped (and counted in the log), never queued. */
    static final int EVENTS_PER_MINUTE = 60;
    private final java.util.Map<String, long[]> budgets = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Reports task notices of one namespace as Events about the tasks, at most {@value #EVENTS_PER_MINUTE}
     * a minute per audit: the tasks' status and history keep every notice anyway.
     */
    public TaskNotifier tasksIn(String namespace) {
        return (task, notices) -> {
            String audit = namespace + "/" + task.labels().getOrDefault(io.dockmedic.core.task.TaskPlanner.LABEL_AUDIT, "");
            ObjectReference subject = new ObjectReferenceBuilder()
                    .withApiVersion(LogAudit.GROUP + "/" + LogAudit.VERSION)
                    .withKind("RemediationTask")
                    .withName(task.name())
                    .withNamespace(namespace)
                    .withUid(task.uid())
                    .withResourceVersion(task.version())
                    .build();
            for (Notice notice : notices) {
                if (allowed(audit)) {
                    emit(subject, notice.kind().eventType(), notice.kind().reason(), notice.message());
                }
            }
        };
    }

    /** Whether the audit may emit one more Event this minute; logs once per minute how many were dropped. */
    private boolean allowed(String audit) {
        long minute = clock.millis() / 60_000;
        long[] budget = budgets.computeIfAbsent(audit, k -> new long[] {minute, 0, 0});
        synchronized (budget) {
            if (budget[0] != minute) {
                if (budget[2] > 0) {
                    LOG.warn("Dropped {} Events of audit {} in the last minute (at most {} a minute); the tasks' "
                            + "history keeps them", budget[2], audit, EVENTS_PER_MINUTE);
                }
                budget[0] = minute;
                budget[1] = 0;
                budget[2] = 0;
            }
            if (budget[1] < EVENTS_PER_MINUTE) {
                budget[1]++;
                return true;
            }
            budget[2]++;
            return false;
        }
    }

    /** One Event about {@code subject}; {@code type} is Normal or Warning, {@code reason} CamelCase. */
    public void emit(HasMetadata subject, String type, String reason, String message) {
        emit(new ObjectReferenceBuilder()
                .withApiVersion(subject.getApiVersion())
                .withKind(subject.getKind())
                .withName(subject.getMetadata().getName())
                .withNamespace(subject.getMetadata().getNamespace())
                .withUid(subject.getMetadata().getUid())
                .withResourceVersion(subject.getMetadata().getResourceVersion())
                .build(), type, reason, message);
    }

    private void emit(ObjectReference subject, String type, String reason, String message) {
        Instant now = clock.instant();
        String time = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        String namespace = subject.getNamespace();
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata()
                    .withName(subject.getName() + "." + Long.toHexString(now.toEpochMilli())
                            + Integer.toHexString(reason.hashCode() & 0xfff).toLowerCase(Locale.ROOT))
                    .withNamespace(namespace)
                    .endMetadata()
                    .withInvolvedObject(subject)
                    .withType(type)
                    .withReason(reason)
                    .withMessage(TaskLifecycle.abbreviate(message, 1000))
                    .withFirstTimestamp(time)
                    .withLastTimestamp(time)
                    .withCount(1)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(COMPONENT)
                    .withReportingInstance(instance)
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.warn("Could not record Event {} for {}/{}: {}", reason, namespace, subject.getName(),
                    e.getMessage());
        }
    }
}
