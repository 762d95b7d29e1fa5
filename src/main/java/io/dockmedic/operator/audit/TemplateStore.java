package io.dockmedic.operator.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.core.mining.MinerSnapshot;
import io.dockmedic.core.mining.TemplateMiner;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.core.task.TaskLifecycle;
import io.dockmedic.core.task.TaskNames;
import io.dockmedic.core.task.TaskPlanner;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each audit's template miner in a ConfigMap it owns, so that log fingerprints (which come from
 * template ids) survive an operator restart: the restarted operator maps the same messages to the same
 * tasks even when the first message it sees has other unmasked words than the first one ever seen.
 *
 * <p>Anyone who may write ConfigMaps in the audit's namespace can plant one under the store's name, so a
 * saved store is read only when it is this audit's own (controller owner reference to the audit's uid,
 * the audit label, a SHA-256 of the packed bytes), no larger than a ConfigMap holds, and it is unpacked
 * with a hard limit. Anything else is reported, never loaded, and replaced by a new store.
 */
public final class TemplateStore {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateStore.class);
    /** The binaryData key of the packed templates. */
    public static final String KEY = "templates.json.gz";
    /** SHA-256 (hex) of the packed bytes under {@link #KEY}, written with them. */
    public static final String CHECKSUM = "dockmedic.io/templates-sha256";
    /** A ConfigMap holds at most 1 MiB; stay below it with room for metadata. */
    public static final int MAX_BYTES = 900 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Why a saved store was not loaded.
     *
     * @param reason a CamelCase word: {@code ForeignStore}, {@code CorruptStore} or {@code OversizedStore}
     * @param message one line for people, naming the ConfigMap
     */
    public record Rejection(String reason, String message) {
    }

    /**
     * The outcome of reading an audit's store.
     *
     * @param miner the miner to scan with: the saved one, or a new one
     * @param restoredTemplates how many templates were restored (0 when none was saved or it was rejected)
     * @param rejection why the saved store was not loaded, or null when it was (or none existed)
     */
    public record Restored(TemplateMiner miner, int restoredTemplates, Rejection rejection) {
    }

    private final KubernetesClient client;
    private final long maxJsonBytes;

    /** A store whose unpacked limit is sized from this JVM's heap ({@link #jsonLimitFor}). */
    public TemplateStore(KubernetesClient client) {
        this(client, jsonLimitFor(Runtime.getRuntime().maxMemory()));
    }

    TemplateStore(KubernetesClient client, long maxJsonBytes) {
        this.client = client;
        this.maxJsonBytes = maxJsonBytes;
    }

    /**
     * The most JSON a store may unpack to under a heap of {@code maxHeap} bytes: a sixteenth of it
     * (parsed objects take several times their JSON), between 1 MiB and 64 MiB.
     */
    static long jsonLimitFor(long maxHeap) {
        return Math.max(1L << 20, Math.min(64L << 20, maxHeap / 16));
    }

    /** The ConfigMap's name for an audit. */
    public static String name(String audit) {
        return "dockmedic-templates-" + TaskNames.auditLabel(audit);
    }

    /**
     * The audit's saved miner, or a new one when none was saved. A saved store that is not the audit's
     * own, is corrupt or is too large is not loaded: it is replaced by a new (empty) store at once and the
     * rejection says why.
     */
    public Restored load(LogAudit audit) {
        String namespace = audit.getMetadata().getNamespace();
        String name = name(audit.getMetadata().getName());
        ConfigMap saved = client.configMaps().inNamespace(namespace).withName(name).get();
        if (saved == null) {
            return new Restored(new TemplateMiner(), 0, null);
        }
        Rejection rejection;
        try {
            MinerSnapshot snapshot = read(audit, saved);
            TemplateMiner miner = TemplateMiner.restore(snapshot);
            return new Restored(miner, snapshot.templates().size(), null);
        } catch (IOException | RuntimeException e) {
            Rejected rejected = rejectedIn(e);
            rejection = rejected != null
                    ? new Rejection(rejected.reason, "ConfigMap " + namespace + "/" + name + " was not loaded: "
                            + rejected.getMessage() + "; a new template store replaces it")
                    : new Rejection("CorruptStore", "ConfigMap " + namespace + "/" + name
                            + " was not loaded: its templates cannot be read (" + oneLine(e) + "); a new template"
                            + " store replaces it");
        }
        LOG.warn("{}", rejection.message());
        TemplateMiner fresh = new TemplateMiner();
        try {
            save(audit, fresh.snapshot());
        } catch (KubernetesClientException e) {
            rejection = new Rejection(rejection.reason(), rejection.message() + " (replacing it failed: "
                    + oneLine(e) + ")");
            LOG.warn("Cannot replace ConfigMap {}/{}: {}", namespace, name, oneLine(e));
        }
        return new Restored(fresh, 0, rejection);
    }

    /** Saves the miner; a miner too large for a ConfigMap (or for {@link #load}) is not saved, and a warning says so. */
    public void save(LogAudit audit, MinerSnapshot snapshot) {
        byte[] packed;
        try {
            packed = pack(snapshot, maxJsonBytes);
        } catch (Rejected e) {
            LOG.warn("Template miner of {}/{} is not saved: {}", audit.getMetadata().getNamespace(),
                    audit.getMetadata().getName(), e.getMessage());
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the template miner", e);
        }
        if (packed.length > MAX_BYTES) {
            LOG.warn("Template miner of {}/{} is {} KiB packed, more than a ConfigMap holds; not saved",
                    audit.getMetadata().getNamespace(), audit.getMetadata().getName(), packed.length / 1024);
            return;
        }
        ConfigMap map = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name(audit.getMetadata().getName()))
                .withNamespace(audit.getMetadata().getNamespace())
                .addToLabels(TaskPlanner.LABEL_AUDIT, TaskNames.auditLabel(audit.getMetadata().getName()))
                .addToAnnotations(CHECKSUM, sha256(packed))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(audit.getApiVersion())
                        .withKind(audit.getKind()).withName(audit.getMetadata().getName())
                        .withUid(audit.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .addToBinaryData(KEY, Base64.getEncoder().encodeToString(packed))
                .build();
        client.configMaps().inNamespace(audit.getMetadata().getNamespace()).resource(map)
                .fieldManager(TaskLifecycle.ACTOR).forceConflicts().serverSideApply();
    }

    /** The saved snapshot, checked in order of cost: ownership, packed size, checksum, unpacked size. */
    private MinerSnapshot read(LogAudit audit, ConfigMap saved) throws IOException {
        String uid = audit.getMetadata().getUid();
        List<OwnerReference> owners = saved.getMetadata().getOwnerReferences() == null ? List.of()
                : saved.getMetadata().getOwnerReferences();
        boolean owned = owners.stream().anyMatch(o -> Objects.equals(uid, o.getUid())
                && Boolean.TRUE.equals(o.getController()) && audit.getKind().equals(o.getKind()));
        Map<String, String> labels = saved.getMetadata().getLabels() == null ? Map.of()
                : saved.getMetadata().getLabels();
        if (!owned || !TaskNames.auditLabel(audit.getMetadata().getName()).equals(labels.get(TaskPlanner.LABEL_AUDIT))) {
            throw new Rejected("ForeignStore", "it is not owned by LogAudit " + audit.getMetadata().getName()
                    + " (uid " + uid + ") or lacks its label " + TaskPlanner.LABEL_AUDIT);
        }
        String encoded = saved.getBinaryData() == null ? null : saved.getBinaryData().get(KEY);
        if (encoded == null) {
            throw new Rejected("CorruptStore", "it has no binaryData key " + KEY);
        }
        if (encoded.length() > (MAX_BYTES + 2) / 3 * 4) {
            throw new Rejected("OversizedStore", "its " + KEY + " is " + encoded.length() / 4 * 3 / 1024
                    + " KiB packed, more than the " + MAX_BYTES / 1024 + " KiB a store may be");
        }
        byte[] packed = Base64.getDecoder().decode(encoded);
        Map<String, String> annotations = saved.getMetadata().getAnnotations() == null ? Map.of()
                : saved.getMetadata().getAnnotations();
        if (!sha256(packed).equals(annotations.get(CHECKSUM))) {
            throw new Rejected("CorruptStore", "the SHA-256 of its " + KEY + " does not match annotation "
                    + CHECKSUM);
        }
        try (InputStream in = new LimitedInput(new GZIPInputStream(new ByteArrayInputStream(packed)), maxJsonBytes)) {
            return JSON.readValue(in, MinerSnapshot.class);
        }
    }

    private static byte[] pack(MinerSnapshot snapshot, long maxJsonBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new LimitedOutput(new GZIPOutputStream(bytes), maxJsonBytes)) {
            JSON.writeValue(out, snapshot);
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The rejection behind {@code e}: Jackson wraps what a stream throws inside a list in its own exception. */
    private static Rejected rejectedIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Rejected rejected) {
                return rejected;
            }
        }
        return null;
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A saved store that must not be loaded; an IOException so that it leaves Jackson unwrapped. */
    private static final class Rejected extends IOException {
        final String reason;

        Rejected(String reason, String message) {
            super(message);
            this.reason = reason;
        }
    }

    /** Stops reading once more than the limit was unpacked: a small gzip may hold gigabytes. */
    private static final class LimitedInput extends FilterInputStream {
        private final long limit;
        private long read;

        LimitedInput(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws Rejected {
            read += n;
            if (read > limit) {
                throw new Rejected("OversizedStore", "it unpacks to more than " + limit / (1024 * 1024)
                        + " MiB of JSON, the most this operator's heap allows");
            }
        }
    }

    /** Refuses to write more than {@code load} would read back. */
    private static final class LimitedOutput extends FilterOutputStream {
        private final long limit;
        private long written;

        LimitedOutput(OutputStream out, long limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            count(length);
            out.write(buffer, offset, length);
        }

        private void count(int n) throws Rejected {
            written += n;
            if (written > limit) {
                throw new Rejected("OversizedStore", "it is more than " + limit / (1024 * 1024)
                        + " MiB of JSON, the most the store may unpack to");
            }
        }
    }
}
