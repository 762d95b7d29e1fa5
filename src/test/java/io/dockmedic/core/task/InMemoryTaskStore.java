package io.dockmedic.core.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TaskStore} in memory that behaves like the API server where it matters to writers: status
 * writes are RFC 7386 JSON merge patches applied to the stored status JSON, every write gets a new
 * version (a counter, like resourceVersion), and a write carrying a stale version is refused.
 */
public final class InMemoryTaskStore implements TaskStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Entry> tasks = new LinkedHashMap<>();
    private long version;
    private final AtomicInteger conflicts = new AtomicInteger();

    /** How many writes were refused as stale so far. */
    public int conflicts() {
        return conflicts.get();
    }

    @Override
    public synchronized List<StoredTask> list(String auditLabel) {
        return tasks.values().stream().filter(e -> auditLabel.equals(e.labels.get(TaskPlanner.LABEL_AUDIT)))
                .map(Entry::stored).toList();
    }

    @Override
    public synchronized List<StoredTask> listAll() {
        return tasks.values().stream().map(Entry::stored).toList();
    }

    @Override
    public synchronized Optional<StoredTask> get(String name) {
        return Optional.ofNullable(tasks.get(name)).map(Entry::stored);
    }

    @Override
    public synchronized StoredTask create(String name, Map<String, String> labels, AuditOwner owner,
            RemediationTaskSpec spec) {
        if (tasks.containsKey(name)) {
            conflicts.incrementAndGet();
            throw new TaskConflictException("task " + name + " already exists");
        }
        Entry entry = new Entry(name, UUID.randomUUID().toString(), new HashMap<>(labels),
                owner == null ? null : owner.uid(), spec);
        entry.version = ++version;
        tasks.put(name, entry);
        return entry.stored();
    }

    @Override
    public synchronized StoredTask updateMetadata(StoredTask task, Map<String, String> labels, AuditOwner owner) {
        Entry entry = existing(task.name());
        entry.labels.putAll(labels);
        entry.ownerUid = owner == null ? null : owner.uid();
        entry.version = ++version;
        return entry.stored();
    }

    @Override
    public synchronized StoredTask patchStatus(String name, String version, RemediationTaskStatus patch,
            Set<String> cleared) {
        Entry entry = existing(name);
        if (!String.valueOf(entry.version).equals(version)) {
            conflicts.incrementAndGet();
            throw new TaskConflictException("task " + name + " is at version " + entry.version + ", not " + version);
        }
        ObjectNode body = JSON.valueToTree(patch);
        cleared.forEach(body::putNull);
        entry.status = (ObjectNode) merge(entry.status == null ? JsonNodeFactory.instance.objectNode() : entry.status,
                body);
        entry.version = ++this.version;
        return entry.stored();
    }

    /** Removes a task, as a person deleting it would. */
    public synchronized void delete(String name) {
        tasks.remove(name);
    }

    private Entry existing(String name) {
        Entry entry = tasks.get(name);
        if (entry == null) {
            throw new TaskNotFoundException("task " + name + " not found");
        }
        return entry;
    }

    /** RFC 7386: objects merge member by member, null removes a member, anything else replaces. */
    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    private static final class Entry {
        final String name;
        final String uid;
        final Map<String, String> labels;
        final RemediationTaskSpec spec;
        String ownerUid;
        long version;
        ObjectNode status;

        Entry(String name, String uid, Map<String, String> labels, String ownerUid, RemediationTaskSpec spec) {
            this.name = name;
            this.uid = uid;
            this.labels = labels;
            this.ownerUid = ownerUid;
            this.spec = spec;
        }

        StoredTask stored() {
            RemediationTaskStatus read = status == null ? null : JSON.convertValue(status, RemediationTaskStatus.class);
            return new StoredTask(name, uid, String.valueOf(version), 1, labels, ownerUid, spec, read);
        }
    }
}
