package io.dockmedic.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.core.task.RemediationTaskSpec;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskConflictException;
import io.dockmedic.core.task.TaskNotFoundException;
import io.dockmedic.core.task.TaskPlanner;
import io.dockmedic.core.task.TaskStore;
import io.dockmedic.operator.api.RemediationTask;
import io.dockmedic.operator.task.KubernetesTaskStore;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * RemediationTasks in a local state directory, one file per task ({@code DIR/tasks/NAME.json}), each the
 * document {@code kubectl get -o json} would show. Every write is a compare-and-swap on
 * {@code metadata.resourceVersion} (a per-task decimal counter) under an exclusive lock on
 * {@code DIR/tasks/.lock}, which serialises writers of this JVM and of every other process; the new file
 * is written to a temporary file, forced to disk and renamed over the old one, so a crash at any point leaves
 * the old document or the new one. Reads take no lock: a rename replaces a file whole. A file that does not
 * parse is reported and skipped, never changed or deleted. SPEC/local-state.md describes the layout.
 */
public final class LocalTaskStore implements TaskStore {

    /** The state directory {@code dockmedic watch} uses unless told otherwise. */
    public static final Path DEFAULT_STATE_DIR = Path.of(".dockmedic");
    /** The folder of the task files inside the state directory. */
    public static final String TASKS = "tasks";
    /** The lock file inside the tasks folder. */
    public static final String LOCK = ".lock";
    private static final String SUFFIX = ".json";
    private static final String TEMP_SUFFIX = ".tmp";
    /** A Kubernetes object name (DNS-1123 subdomain): also keeps a name from reaching outside the folder. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int MAX_NAME = 253;
    /** The operator's serialisation of the model, so the files are what the API server would hold. */
    private static final KubernetesSerialization MODEL = new KubernetesSerialization();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);
    /**
     * One lock per tasks folder in this JVM: a file lock is held by the whole process, so threads of one JVM
     * must queue before it (a second {@code lock()} from the same JVM would throw, not wait).
     */
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String API_VERSION = new RemediationTask().getApiVersion();

    private final Path stateDir;
    private final Path tasksDir;
    private final Consumer<String> warnings;
    private final Clock clock;
    private volatile boolean swept;

    private LocalTaskStore(Path stateDir, Consumer<String> warnings, Clock clock) {
        this.stateDir = stateDir;
        this.tasksDir = stateDir.resolve(TASKS);
        this.warnings = Objects.requireNonNull(warnings);
        this.clock = clock;
    }

    /**
     * The store of an existing state directory.
     *
     * @param warnings told about each task file that does not parse, with its path and the parse error
     * @throws LocalStoreException when the directory is missing, not a directory or not readable
     */
    public static LocalTaskStore open(Path stateDir, Consumer<String> warnings, Clock clock) {
        if (!Files.exists(stateDir)) {
            throw new LocalStoreException("the state directory " + stateDir + " does not exist", null);
        }
        if (!Files.isDirectory(stateDir)) {
            throw new LocalStoreException("the state directory " + stateDir + " is not a directory", null);
        }
        if (!Files.isReadable(stateDir) || !Files.isExecutable(stateDir)) {
            throw new LocalStoreException("the state directory " + stateDir + " is not readable", null);
        }
        Path tasks = stateDir.resolve(TASKS);
        if (Files.exists(tasks) && (!Files.isDirectory(tasks) || !Files.isReadable(tasks))) {
            throw new LocalStoreException(tasks + " is not a readable directory", null);
        }
        return new LocalTaskStore(stateDir, warnings, clock);
    }

    /** The store of {@code stateDir}, creating the directory when it is missing. */
    public static LocalTaskStore openOrCreate(Path stateDir, Consumer<String> warnings, Clock clock) {
        try {
            Files.createDirectories(stateDir.resolve(TASKS));
        } catch (IOException e) {
            throw new LocalStoreException("cannot create the state directory " + stateDir + ": " + reason(e), e);
        }
        return open(stateDir, warnings, clock);
    }

    /** The state directory. */
    public Path stateDir() {
        return stateDir;
    }

    /** The file that holds (or would hold) task {@code name}. */
    public Path file(String name) {
        return tasksDir.resolve(name + SUFFIX);
    }

    @Override
    public List<StoredTask> list(String auditLabel) {
        return listAll().stream().filter(t -> auditLabel.equals(t.labels().get(TaskPlanner.LABEL_AUDIT))).toList();
    }

    @Override
    public List<StoredTask> listAll() {
        if (!Files.isDirectory(tasksDir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tasksDir, "*" + SUFFIX)) {
            // Names starting with a dot are the lock and writers' temporary files, never tasks.
            entries.forEach(p -> {
                if (!p.getFileName().toString().startsWith(".")) {
                    files.add(p);
                }
            });
        } catch (IOException e) {
            throw new LocalStoreException("cannot list " + tasksDir + ": " + reason(e), e);
        }
        files.sort(Comparator.comparing(Path::toString));
        List<StoredTask> tasks = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            try {
                read(file, name.substring(0, name.length() - SUFFIX.length())).ifPresent(d -> tasks.add(d.stored()));
            } catch (CorruptTaskFileException e) {
                warnings.accept("skipped: " + e.getMessage());
            }
        }
        return List.copyOf(tasks);
    }

    /**
     * {@inheritDoc}
     *
     * @throws CorruptTaskFileException when the task's file does not parse
     */
    @Override
    public Optional<StoredTask> get(String name) {
        if (!validName(name)) {
            return Optional.empty();
        }
        return read(file(name), name).map(Document::stored);
    }

    @Override
    public StoredTask create(String name, Map<String, String> labels, AuditOwner owner, RemediationTaskSpec spec) {
        if (!validName(name)) {
            throw new IllegalArgumentException("a task name must be lower-case letters, digits, '-' and '.', "
                    + "starting and ending with a letter or digit, at most 253 characters, not " + name);
        }
        return locked(() -> {
            Path file = file(name);
            if (Files.exists(file)) {
                throw new TaskConflictException("RemediationTask " + name + " already exists (" + file + ")");
            }
            RemediationTask task = new RemediationTask();
            task.setMetadata(new ObjectMetaBuilder().withName(name).withLabels(new LinkedHashMap<>(labels))
                    .withOwnerReferences(owner == null ? List.of() : List.of(KubernetesTaskStore.ownerReference(owner)))
                    .withUid(UUID.randomUUID().toString()).withGeneration(1L)
                    .withCreationTimestamp(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString())
                    .withResourceVersion("1").build());
            task.setSpec(spec);
            return write(file, task);
        });
    }

    @Override
    public StoredTask updateMetadata(StoredTask task, Map<String, String> labels, AuditOwner owner) {
        // Like the API server's metadata merge patch: not conditional, labels merged, owner replaced.
        return locked(() -> {
            Document current = existing(task.name());
            ObjectMeta meta = current.task().getMetadata();
            Map<String, String> merged = new LinkedHashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels());
            merged.putAll(labels);
            meta.setLabels(merged);
            meta.setOwnerReferences(owner == null ? List.of() : List.of(KubernetesTaskStore.ownerReference(owner)));
            return write(current.file(), next(current));
        });
    }

    @Override
    public StoredTask patchStatus(String name, String version, RemediationTaskStatus patch, Set<String> cleared) {
        Objects.requireNonNull(version, "a status write needs the version it was decided from");
        return locked(() -> {
            Document current = existing(name);
            if (!current.task().getMetadata().getResourceVersion().equals(version)) {
                throw new TaskConflictException("RemediationTask " + name + " changed since it was read: it is at "
                        + "version " + current.task().getMetadata().getResourceVersion() + ", not " + version);
            }
            // The same JSON merge patch (RFC 7386) the API server applies to the status subresource.
            ObjectNode body = MODEL.convertValue(patch, ObjectNode.class);
            cleared.forEach(body::putNull);
            RemediationTask task = current.task();
            JsonNode stored = task.getStatus() == null ? JsonNodeFactory.instance.objectNode()
                    : MODEL.convertValue(task.getStatus(), ObjectNode.class);
            task.setStatus(MODEL.convertValue(merge(stored, body), RemediationTaskStatus.class));
            return write(current.file(), next(current));
        });
    }

    private static boolean validName(String name) {
        return name != null && name.length() <= MAX_NAME && NAME.matcher(name).matches();
    }

    private Document existing(String name) {
        if (!validName(name)) {
            throw new TaskNotFoundException("RemediationTask " + name + " not found");
        }
        return read(file(name), name).orElseThrow(() -> new TaskNotFoundException("RemediationTask " + name
                + " not found"));
    }

    /** The task with its resourceVersion counted up by one. */
    private static RemediationTask next(Document current) {
        ObjectMeta meta = current.task().getMetadata();
        meta.setResourceVersion(Long.toString(current.version() + 1));
        return current.task();
    }

    /** Reads one task file whole; empty when it does not exist. */
    private static Optional<Document> read(Path file, String name) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LocalStoreException("cannot read " + file + ": " + reason(e), e);
        }
        return Optional.of(parse(file, name, bytes));
    }

    private static Document parse(Path file, String name, byte[] bytes) {
        JsonNode tree;
        try {
            tree = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new CorruptTaskFileException(file, oneLine(e.getOriginalMessage()) + where, e);
        } catch (IOException e) {
            throw new CorruptTaskFileException(file, oneLine(e.getMessage()), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new CorruptTaskFileException(file, "the file is empty", null);
        }
        if (!tree.isObject()) {
            throw new CorruptTaskFileException(file, "not a JSON object", null);
        }
        String apiVersion = tree.path("apiVersion").asText(null);
        String kind = tree.path("kind").asText(null);
        if (!API_VERSION.equals(apiVersion) || !"RemediationTask".equals(kind)) {
            throw new CorruptTaskFileException(file, "apiVersion/kind is " + apiVersion + "/" + kind + ", not "
                    + API_VERSION + "/RemediationTask", null);
        }
        RemediationTask task;
        try {
            task = MODEL.convertValue(tree, RemediationTask.class);
        } catch (RuntimeException e) {
            throw new CorruptTaskFileException(file, "not a RemediationTask: " + oneLine(rootMessage(e)), e);
        }
        ObjectMeta meta = task.getMetadata();
        if (meta == null || !name.equals(meta.getName())) {
            throw new CorruptTaskFileException(file, "metadata.name is " + (meta == null ? null : meta.getName())
                    + ", not " + name + " as the file name says", null);
        }
        long version;
        try {
            version = Long.parseLong(String.valueOf(meta.getResourceVersion()));
        } catch (NumberFormatException e) {
            throw new CorruptTaskFileException(file, "metadata.resourceVersion is " + meta.getResourceVersion()
                    + ", not a decimal number", e);
        }
        if (task.getSpec() == null) {
            throw new CorruptTaskFileException(file, "it has no spec", null);
        }
        return new Document(file, task, version);
    }

    /** Runs {@code write} holding this JVM's lock and the file lock that every dockmedic process takes. */
    private <T> T locked(Supplier<T> write) {
        Path lockFile = tasksDir.resolve(LOCK);
        try {
            Files.createDirectories(tasksDir);
        } catch (IOException e) {
            throw new LocalStoreException("cannot create " + tasksDir + ": " + reason(e), e);
        }
        ReentrantLock jvmLock;
        try {
            jvmLock = JVM_LOCKS.computeIfAbsent(tasksDir.toRealPath(), p -> new ReentrantLock());
        } catch (IOException e) {
            throw new LocalStoreException("cannot resolve " + tasksDir + ": " + reason(e), e);
        }
        jvmLock.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            if (!swept) {
                sweepTemporaryFiles();
                swept = true;
            }
            return write.get();
        } catch (IOException e) {
            throw new LocalStoreException("cannot lock " + lockFile + ": " + reason(e), e);
        } finally {
            jvmLock.unlock();
        }
    }

    /**
     * Removes temporary files that writers killed before their rename left behind. Called holding the lock:
     * every live writer creates and renames its temporary file under it, so any found now is a leftover.
     */
    private void sweepTemporaryFiles() throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tasksDir, ".*" + TEMP_SUFFIX)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    /** Writes {@code task} to {@code file}: temporary file, fsync, atomic rename, fsync of the folder. */
    private StoredTask write(Path file, RemediationTask task) {
        byte[] bytes;
        try {
            // Through the operator's serialisation (what the API server would hold), then indented for people.
            JsonNode tree = JSON.readTree(MODEL.asJson(task));
            bytes = (JSON.writeValueAsString(tree) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the task model did not serialise: " + e.getOriginalMessage(), e);
        }
        Path temp = tasksDir.resolve("." + file.getFileName() + "." + HexFormat.of().formatHex(randomBytes())
                + TEMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            // rename(2): readers and a crash see the old file or the new one, never a mix.
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
            syncDirectory();
        } catch (IOException e) {
            throw new LocalStoreException("cannot write " + file + ": " + reason(e), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the write failed already; that is the error to report, and the next writer sweeps it
                }
            }
        }
        return KubernetesTaskStore.stored(task);
    }

    /** Makes the rename itself durable. */
    private void syncDirectory() {
        try (FileChannel folder = FileChannel.open(tasksDir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename is atomic all the same, only its durability
            // across a power cut depends on the file system then.
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
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

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : oneLine(e.getMessage());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root instanceof JsonProcessingException j ? j.getOriginalMessage()
                : String.valueOf(root.getMessage());
    }

    private static String oneLine(String text) {
        return String.valueOf(text).replaceAll("\\s+", " ").strip();
    }

    /** A task file as read: where, the task, and its version as a number. */
    private record Document(Path file, RemediationTask task, long version) {
        StoredTask stored() {
            return KubernetesTaskStore.stored(task);
        }
    }
}
