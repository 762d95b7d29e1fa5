package io.dockmedic.operator.task;

import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.RemediationTask;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes planned task work to the API server: creates new tasks, then JSON-merge-patches only the
 * operator's status fields with the resourceVersion read as a precondition. On a 409 (an agent wrote
 * in between, or the task already exists) it reads the task again, decides again and retries, so
 * neither side's write is lost.
 */
public final class TaskWriter {

    private static final Logger LOG = LoggerFactory.getLogger(TaskWriter.class);
    static final int MAX_ATTEMPTS = 5;
    private static final PatchContext MERGE = new PatchContext.Builder()
            .withPatchType(PatchType.JSON_MERGE)
            .withFieldManager(TaskLifecycle.ACTOR)
            .build();

    private final KubernetesClient client;
    private final IssueEvents events;

    public TaskWriter(KubernetesClient client, IssueEvents events) {
        this.client = client;
        this.events = events;
    }

    /**
     * Writes every task that needs it and reports its notices as Events once written.
     *
     * @return the work as finally written (after any re-decision), including tasks that needed no write
     */
    public List<TaskWork> write(LogAudit audit, TaskPlanner planner, List<TaskWork> work, ScanMark scan,
            Instant now) {
        List<TaskWork> written = new ArrayList<>(work.size());
        for (TaskWork planned : work) {
            boolean adopt = planned.existing() != null && !planner.ownedByAudit(planned.existing());
            written.add(planned.needsWrite() || adopt
                    ? writeOne(audit, planner, planned, scan, now)
                    : planned);
        }
        return written;
    }

    private TaskWork writeOne(LogAudit audit, TaskPlanner planner, TaskWork planned, ScanMark scan, Instant now) {
        TaskWork work = planned;
        for (int attempt = 1; ; attempt++) {
            try {
                RemediationTask task = work.existing() == null ? create(audit, work) : work.existing();
                if (work.existing() == null || work.changesLabels() || !planner.ownedByAudit(task)) {
                    task = patchMetadata(audit, task, work.labels());
                }
                if (work.existing() == null || work.decision().changesStatus()) {
                    task = patchStatus(task, work);
                }
                events.publish(task, work.decision().notices());
                return work;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                RemediationTask fresh = client.resources(RemediationTask.class)
                        .inNamespace(audit.getMetadata().getNamespace()).withName(work.name()).get();
                LOG.debug("Conflict writing task {} (attempt {}); deciding again from its fresh copy",
                        work.name(), attempt);
                work = fresh == null ? planned : planner.replan(planned, fresh, scan, now);
            }
        }
    }

    private RemediationTask create(LogAudit audit, TaskWork work) {
        RemediationTask task = new RemediationTask();
        task.setMetadata(new ObjectMetaBuilder()
                .withName(work.name())
                .withNamespace(audit.getMetadata().getNamespace())
                .withLabels(work.labels())
                .withOwnerReferences(ownerOf(audit))
                .build());
        task.setSpec(work.spec());
        return client.resources(RemediationTask.class).inNamespace(audit.getMetadata().getNamespace())
                .resource(task).create();
    }

    private RemediationTask patchMetadata(LogAudit audit, RemediationTask task, Map<String, String> labels) {
        Map<String, Object> patch = Map.of("metadata", Map.of(
                "labels", labels,
                "ownerReferences", List.of(ownerOf(audit))));
        return resource(task).patch(MERGE, client.getKubernetesSerialization().asJson(patch));
    }

    private RemediationTask patchStatus(RemediationTask task, TaskWork work) {
        // The resourceVersion makes the patch conditional: a 409 means someone wrote since we read.
        Map<String, Object> patch = Map.of(
                "metadata", Map.of("resourceVersion", task.getMetadata().getResourceVersion()),
                "status", work.decision().patch());
        return resource(task).subresource("status").patch(MERGE, client.getKubernetesSerialization().asJson(patch));
    }

    private Resource<RemediationTask> resource(RemediationTask task) {
        return client.resources(RemediationTask.class).inNamespace(task.getMetadata().getNamespace())
                .withName(task.getMetadata().getName());
    }

    static OwnerReference ownerOf(LogAudit audit) {
        return new OwnerReferenceBuilder()
                .withApiVersion(audit.getApiVersion())
                .withKind(audit.getKind())
                .withName(audit.getMetadata().getName())
                .withUid(audit.getMetadata().getUid())
                .withController(true)
                .build();
    }
}
