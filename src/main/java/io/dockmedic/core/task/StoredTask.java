package io.dockmedic.core.task;

import java.util.Map;

/**
 * A RemediationTask as a {@link TaskStore} holds it: the metadata the lifecycle needs, its spec and status.
 *
 * @param name the task's name, unique in its store
 * @param uid the store's id of this incarnation of the task
 * @param version the version the copy was read at (resourceVersion); writes carry it as a precondition
 * @param generation the spec generation
 * @param labels its labels
 * @param ownerUid uid of the audit that owns it, or null
 * @param spec what the issue is
 * @param status where it stands (null before the first status write)
 * @param createdAt when the store created it (RFC 3339, metadata.creationTimestamp), or null when unknown
 */
public record StoredTask(String name, String uid, String version, long generation, Map<String, String> labels,
        String ownerUid, RemediationTaskSpec spec, RemediationTaskStatus status, String createdAt) {

    public StoredTask {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A task whose creation time is not known (stores and tests that do not keep it). */
    public StoredTask(String name, String uid, String version, long generation, Map<String, String> labels,
            String ownerUid, RemediationTaskSpec spec, RemediationTaskStatus status) {
        this(name, uid, version, generation, labels, ownerUid, spec, status, null);
    }

    /** The status, or an empty one. */
    public RemediationTaskStatus statusOrEmpty() {
        return status == null ? RemediationTaskStatus.empty() : status;
    }

    /** The current phase, or null before the first status write. */
    public TaskPhase phase() {
        return status == null ? null : status.phase();
    }
}
