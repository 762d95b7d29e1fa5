package io.dockmedic.core.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The port to where RemediationTasks live: the Kubernetes API server or a local directory. Every status
 * write is conditional on the version the writer read, so of two writers deciding from the same copy
 * exactly one wins and the other gets {@link TaskConflictException}, reads again and decides again.
 */
public interface TaskStore {

    /** The tasks whose {@code dockmedic.io/audit} label is {@code auditLabel}. */
    List<StoredTask> list(String auditLabel);

    /** Every task in the store's scope. */
    List<StoredTask> listAll();

    /** One task, or empty when it does not exist. */
    Optional<StoredTask> get(String name);

    /**
     * Creates a task with a spec and labels, owned by {@code owner}.
     *
     * @throws TaskConflictException when a task of that name exists
     */
    StoredTask create(String name, Map<String, String> labels, AuditOwner owner, RemediationTaskSpec spec);

    /** Sets labels (merged into the existing ones) and makes {@code owner} the task's owner. */
    StoredTask updateMetadata(StoredTask task, Map<String, String> labels, AuditOwner owner);

    /**
     * Merge-patches the task's status: the non-null fields of {@code patch} replace the stored ones
     * (lists whole), the fields named in {@code cleared} are removed, the others stay as they are.
     *
     * @param version the version the decision was made from
     * @throws TaskConflictException when the task changed since {@code version}
     * @throws TaskNotFoundException when the task does not exist
     */
    StoredTask patchStatus(String name, String version, RemediationTaskStatus patch, Set<String> cleared);

    /**
     * The audit a task belongs to.
     *
     * @param name the audit's name
     * @param uid its uid
     */
    record AuditOwner(String name, String uid) {
    }
}
