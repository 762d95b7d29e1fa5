package io.dockmedic.operator.task;

import io.dockmedic.core.task.RemediationTaskSpec;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskConflictException;
import io.dockmedic.core.task.TaskLifecycle;
import io.dockmedic.core.task.TaskNotFoundException;
import io.dockmedic.core.task.TaskPlanner;
import io.dockmedic.core.task.TaskStore;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * RemediationTasks of one namespace in the Kubernetes API. Status writes are JSON merge patches of
 * {@code /status} carrying the resourceVersion read, so the API server answers 409 to a writer that
 * decided from a stale copy; that becomes {@link TaskConflictException}.
 */
public final class KubernetesTaskStore implements TaskStore {

    private final KubernetesClient client;
    private final String namespace;
    private final PatchContext merge;

    /**
     * @param fieldManager the name in managedFields: the operator's, or the agent's
     */
    public KubernetesTaskStore(KubernetesClient client, String namespace, String fieldManager) {
        this.client = client;
        this.namespace = namespace;
        this.merge = new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager(fieldManager)
                .build();
    }

    /** The operator's store for one namespace. */
    public static KubernetesTaskStore forOperator(KubernetesClient client, String namespace) {
        return new KubernetesTaskStore(client, namespace, TaskLifecycle.ACTOR);
    }

    @Override
    public List<StoredTask> list(String auditLabel) {
        return tasks().withLabel(TaskPlanner.LABEL_AUDIT, auditLabel).list().getItems().stream()
                .map(KubernetesTaskStore::stored).toList();
    }

    @Override
    public List<StoredTask> listAll() {
        return tasks().list().getItems().stream().map(KubernetesTaskStore::stored).toList();
    }

    @Override
    public Optional<StoredTask> get(String name) {
        return Optional.ofNullable(tasks().withName(name).get()).map(KubernetesTaskStore::stored);
    }

    @Override
    public StoredTask create(String name, Map<String, String> labels, AuditOwner owner, RemediationTaskSpec spec) {
        RemediationTask task = new RemediationTask();
        task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels)
                .withOwnerReferences(ownerReference(owner)).build());
        task.setSpec(spec);
        return call(() -> stored(tasks().resource(task).create()), name);
    }

    @Override
    public StoredTask updateMetadata(StoredTask task, Map<String, String> labels, AuditOwner owner) {
        Map<String, Object> patch = Map.of("metadata", Map.of("labels", labels,
                "ownerReferences", List.of(ownerReference(owner))));
        return call(() -> stored(resource(task.name()).patch(merge, json(patch))), task.name());
    }

    @Override
    public StoredTask patchStatus(String name, String version, RemediationTaskStatus patch, Set<String> cleared) {
        // The resourceVersion makes the patch conditional: a 409 means someone wrote since it was read.
        Map<String, Object> status = new LinkedHashMap<>(client.getKubernetesSerialization()
                .convertValue(patch, Map.class));
        cleared.forEach(field -> status.put(field, null));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("metadata", Map.of("resourceVersion", version));
        body.put("status", status);
        return call(() -> stored(resource(name).subresource("status").patch(merge, json(body))), name);
    }

    /** The owner reference that makes an audit's tasks go when the audit goes. */
    public static OwnerReference ownerReference(AuditOwner owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(LogAudit.GROUP + "/" + LogAudit.VERSION)
                .withKind("LogAudit")
                .withName(owner.name())
                .withUid(owner.uid())
                .withController(true)
                .build();
    }

    /** The store's view of a task resource. */
    public static StoredTask stored(RemediationTask task) {
        var meta = task.getMetadata();
        String owner = meta.getOwnerReferences() == null ? null : meta.getOwnerReferences().stream()
                .filter(ref -> "LogAudit".equals(ref.getKind())).map(OwnerReference::getUid).findFirst().orElse(null);
        return new StoredTask(meta.getName(), meta.getUid(), meta.getResourceVersion(),
                meta.getGeneration() == null ? 0 : meta.getGeneration(), meta.getLabels(), owner, task.getSpec(),
                task.getStatus(), meta.getCreationTimestamp());
    }

    private String json(Object value) {
        return client.getKubernetesSerialization().asJson(value);
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<RemediationTask,
            io.fabric8.kubernetes.api.model.KubernetesResourceList<RemediationTask>, Resource<RemediationTask>> tasks() {
        return client.resources(RemediationTask.class).inNamespace(namespace);
    }

    private Resource<RemediationTask> resource(String name) {
        return tasks().withName(name);
    }

    private static <T> T call(java.util.function.Supplier<T> write, String name) {
        try {
            return write.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                throw new TaskConflictException("RemediationTask " + name + " changed since it was read: "
                        + e.getMessage());
            }
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                throw new TaskNotFoundException("RemediationTask " + name + " not found");
            }
            throw e;
        }
    }
}
