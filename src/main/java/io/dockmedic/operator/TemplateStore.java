package io.dockmedic.operator;

import io.dockmedic.core.mining.MinerSnapshot;
import io.dockmedic.audit.PackedTemplates;
import io.dockmedic.audit.TemplateArchive;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
public final class TemplateStore implements TemplateArchive {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateStore.class);
    /** The binaryData key of the packed templates. */
    public static final String KEY = "templates.json.gz";
    /** SHA-256 (hex) of the packed bytes under {@link #KEY}, written with them. */
    public static final String CHECKSUM = "dockmedic.io/templates-sha256";
    /** The most packed bytes a store holds. */
    public static final int MAX_BYTES = PackedTemplates.MAX_BYTES;

    private final KubernetesClient client;
    private final PackedTemplates packing;

    /** A store whose unpacked limit is sized from this JVM's heap. */
    public TemplateStore(KubernetesClient client) {
        this(client, new PackedTemplates());
    }

    TemplateStore(KubernetesClient client, PackedTemplates packing) {
        this.client = client;
        this.packing = packing;
    }

    /** The ConfigMap's name for an audit. */
    public static String name(String audit) {
        return "dockmedic-templates-" + TaskNames.auditLabel(audit);
    }

    @Override
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
            PackedTemplates.Rejected rejected = PackedTemplates.rejectedIn(e);
            rejection = rejected != null
                    ? new Rejection(rejected.reason(), "ConfigMap " + namespace + "/" + name + " was not loaded: "
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

    @Override
    public void save(LogAudit audit, MinerSnapshot snapshot) {
        byte[] packed;
        try {
            packed = packing.pack(snapshot);
        } catch (PackedTemplates.Rejected e) {
            LOG.warn("Template miner of {}/{} is not saved: {}", audit.getMetadata().getNamespace(),
                    audit.getMetadata().getName(), e.getMessage());
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the template miner", e);
        }
        ConfigMap map = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name(audit.getMetadata().getName()))
                .withNamespace(audit.getMetadata().getNamespace())
                .addToLabels(TaskPlanner.LABEL_AUDIT, TaskNames.auditLabel(audit.getMetadata().getName()))
                .addToAnnotations(CHECKSUM, PackedTemplates.sha256(packed))
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
            throw new PackedTemplates.Rejected("ForeignStore", "it is not owned by LogAudit " + audit.getMetadata().getName()
                    + " (uid " + uid + ") or lacks its label " + TaskPlanner.LABEL_AUDIT);
        }
        String encoded = saved.getBinaryData() == null ? null : saved.getBinaryData().get(KEY);
        if (encoded == null) {
            throw new PackedTemplates.Rejected("CorruptStore", "it has no binaryData key " + KEY);
        }
        if (encoded.length() > (MAX_BYTES + 2) / 3 * 4) {
            throw new PackedTemplates.Rejected("OversizedStore", "its " + KEY + " is "
                    + encoded.length() / 4 * 3 / 1024 + " KiB packed, more than the " + MAX_BYTES / 1024
                    + " KiB a store may be");
        }
        Map<String, String> annotations = saved.getMetadata().getAnnotations() == null ? Map.of()
                : saved.getMetadata().getAnnotations();
        return packing.unpack(Base64.getDecoder().decode(encoded), annotations.get(CHECKSUM));
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
