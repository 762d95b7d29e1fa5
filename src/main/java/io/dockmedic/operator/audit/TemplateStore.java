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
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each audit's template miner in a ConfigMap it owns, so that log fingerprints (which come from
 * template ids) survive an operator restart: the restarted operator maps the same messages to the same
 * tasks even when the first message it sees has other unmasked words than the first one ever seen.
 */
public final class TemplateStore {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateStore.class);
    static final String KEY = "templates.json.gz";
    /** A ConfigMap holds at most 1 MiB; stay below it with room for metadata. */
    static final int MAX_BYTES = 900 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;

    public TemplateStore(KubernetesClient client) {
        this.client = client;
    }

    /** The ConfigMap's name for an audit. */
    public static String name(String audit) {
        return "dockmedic-templates-" + TaskNames.auditLabel(audit);
    }

    /** The audit's saved miner, or a new one when none was saved (or the saved one cannot be read). */
    public TemplateMiner load(LogAudit audit) {
        ConfigMap saved = client.configMaps().inNamespace(audit.getMetadata().getNamespace())
                .withName(name(audit.getMetadata().getName())).get();
        if (saved == null || saved.getBinaryData() == null || !saved.getBinaryData().containsKey(KEY)) {
            return new TemplateMiner();
        }
        try (GZIPInputStream in = new GZIPInputStream(
                new ByteArrayInputStream(Base64.getDecoder().decode(saved.getBinaryData().get(KEY))))) {
            return TemplateMiner.restore(JSON.readValue(in, MinerSnapshot.class));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Starting a new template miner for {}/{}: the saved one cannot be read ({})",
                    audit.getMetadata().getNamespace(), audit.getMetadata().getName(), e.getMessage());
            return new TemplateMiner();
        }
    }

    /** Saves the miner; a miner too large for a ConfigMap is not saved (and a warning says so). */
    public void save(LogAudit audit, MinerSnapshot snapshot) {
        byte[] packed = pack(snapshot);
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
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(audit.getApiVersion())
                        .withKind(audit.getKind()).withName(audit.getMetadata().getName())
                        .withUid(audit.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .addToBinaryData(KEY, Base64.getEncoder().encodeToString(packed))
                .build();
        client.configMaps().inNamespace(audit.getMetadata().getNamespace()).resource(map)
                .fieldManager(TaskLifecycle.ACTOR).forceConflicts().serverSideApply();
    }

    private static byte[] pack(MinerSnapshot snapshot) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            JSON.writeValue(out, snapshot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the template miner", e);
        }
        return bytes.toByteArray();
    }
}
