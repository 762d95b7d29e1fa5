package io.dockmedic.operator;

import io.dockmedic.core.task.TaskNames;
import io.dockmedic.core.task.TaskPlanner;
import io.dockmedic.operator.api.LogAudit;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * ConfigMaps planted under an audit's template-store name, as someone who may write ConfigMaps in its
 * namespace could: a "foreign" one (no owner reference) and a "forged" one (owner reference, label and
 * checksum copied from what the operator writes), either holding any packed bytes, e.g. a gzip bomb.
 */
final class PlantedStores {

    private PlantedStores() {
    }

    /**
     * A gzip of a template snapshot in JSON that unpacks to at least {@code jsonBytes}: valid JSON
     * throughout, so only a limit on what is unpacked stops a reader.
     */
    static byte[] bomb(long jsonBytes) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(packed, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            out.write("{\"templates\":[".getBytes(StandardCharsets.UTF_8));
            // Long runs of one word pack best (a ConfigMap holds 1 MiB); every element is still a template.
            byte[] template = ("{\"id\":\"t\",\"template\":\"" + "failed ".repeat(2000) + "\",\"count\":1},")
                    .getBytes(StandardCharsets.UTF_8);
            for (long written = 0; written < jsonBytes; written += template.length) {
                out.write(template);
            }
            out.write("{\"id\":\"t\",\"template\":\"x\",\"count\":1}],\"pinnedIds\":[],\"families\":[],\"aliases\":[]}"
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packed.toByteArray();
    }

    /** A ConfigMap named like {@code audit}'s store, holding {@code packed}, with no owner: anyone's. */
    static ConfigMap foreign(LogAudit audit, byte[] packed) {
        return new ConfigMapBuilder().withNewMetadata()
                .withName(TemplateStore.name(audit.getMetadata().getName()))
                .withNamespace(audit.getMetadata().getNamespace())
                .endMetadata()
                .addToBinaryData(TemplateStore.KEY, Base64.getEncoder().encodeToString(packed))
                .build();
    }

    /** Like {@link #foreign} but with everything the operator's own store carries: owner, label, checksum. */
    static ConfigMap forged(LogAudit audit, byte[] packed) {
        ConfigMap map = foreign(audit, packed);
        map.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                .withApiVersion(audit.getApiVersion()).withKind(audit.getKind())
                .withName(audit.getMetadata().getName()).withUid(audit.getMetadata().getUid())
                .withController(true).build()));
        map.getMetadata().setLabels(Map.of(TaskPlanner.LABEL_AUDIT,
                TaskNames.auditLabel(audit.getMetadata().getName())));
        map.getMetadata().setAnnotations(Map.of(TemplateStore.CHECKSUM, sha256(packed)));
        return map;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
