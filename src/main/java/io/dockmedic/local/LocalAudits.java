package io.dockmedic.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dockmedic.audit.PackedTemplates;
import io.dockmedic.core.task.TaskNames;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditStatus;
import io.dockmedic.report.AtomicFile;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The LogAudits of {@code dockmedic watch} as they stand, in {@code STATE/audits/<name>.json}: the spec from
 * the policy file with the uid, generation and status (cursors, scan number, counts, conditions) the loop
 * keeps, in the LogAudit schema. The uid is made once, so the audit's tasks and templates stay its own;
 * the generation goes up when the policy file's spec changes, as the API server's does.
 */
public final class LocalAudits {

    /** Annotation holding the SHA-256 of the spec the generation belongs to. */
    static final String SPEC_SHA256 = "dockmedic.io/spec-sha256";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .enable(SerializationFeature.INDENT_OUTPUT);
    /** A state file is small (cursors and counts); anything far larger is not the loop's own. */
    private static final long MAX_BYTES = 8L << 20;

    private final Path folder;

    /** The audits kept in {@code stateDirectory}'s {@code audits} folder. */
    public LocalAudits(Path stateDirectory) {
        this.folder = stateDirectory.resolve("audits");
    }

    /**
     * The audit declared in the policy file, with the uid, generation and status kept for it; the first time,
     * a new uid and generation 1, kept at once.
     *
     * @throws UncheckedIOException naming the file when the kept state cannot be read: it is never replaced
     *     silently, since its cursors say which log lines were already counted; or when the new audit's file
     *     cannot be written
     */
    public LogAudit recall(LogAudit declared) {
        String name = declared.getMetadata().getName();
        LogAudit kept = read(file(name));
        String specHash = specHash(declared);
        LogAudit audit = new LogAudit();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(declared.getMetadata().getNamespace());
        meta.setLabels(declared.getMetadata().getLabels());
        Map<String, String> annotations = new HashMap<>();
        if (declared.getMetadata().getAnnotations() != null) {
            annotations.putAll(declared.getMetadata().getAnnotations());
        }
        annotations.put(SPEC_SHA256, specHash);
        meta.setAnnotations(annotations);
        boolean newUid = kept == null || kept.getMetadata() == null || kept.getMetadata().getUid() == null;
        if (newUid) {
            meta.setUid(UUID.randomUUID().toString());
            meta.setGeneration(1L);
        } else {
            meta.setUid(kept.getMetadata().getUid());
            long generation = kept.getMetadata().getGeneration() == null ? 1 : kept.getMetadata().getGeneration();
            String keptHash = kept.getMetadata().getAnnotations() == null ? null
                    : kept.getMetadata().getAnnotations().get(SPEC_SHA256);
            meta.setGeneration(specHash.equals(keptHash) ? generation : generation + 1);
            audit.setStatus(kept.getStatus());
        }
        audit.setMetadata(meta);
        audit.setSpec(declared.getSpec());
        if (newUid) {
            // The uid is kept before any task carries it: after a crash before the first status write, a new
            // uid would disown the tasks already written, and the next scan would adopt and count them again.
            return record(audit, null);
        }
        return audit;
    }

    /** Keeps {@code status} as the audit's; the returned audit carries it. */
    public LogAudit record(LogAudit audit, LogAuditStatus status) {
        LogAudit next = new LogAudit();
        next.setMetadata(audit.getMetadata());
        next.setSpec(audit.getSpec());
        next.setStatus(status);
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(next);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize LogAudit " + audit.getMetadata().getName(), e);
        }
        AtomicFile.createDirectories(folder);
        AtomicFile.write(file(audit.getMetadata().getName()), out -> out.write(json));
        return next;
    }

    /** The file an audit is kept in. */
    public Path file(String audit) {
        return folder.resolve(TaskNames.auditLabel(audit) + ".json");
    }

    private static LogAudit read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException("it is " + Files.size(file) / (1024 * 1024) + " MiB, more than the "
                        + MAX_BYTES / (1024 * 1024) + " MiB an audit's state may be");
            }
            return JSON.readValue(Files.readAllBytes(file), LogAudit.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("");
            throw new UncheckedIOException("cannot read the audit state " + file + ": " + reason
                    + " (its cursors say which log lines were counted; fix the file or move it away to start the"
                    + " audit afresh)", e);
        }
    }

    private static String specHash(LogAudit audit) {
        try {
            return PackedTemplates.sha256(JSON.writeValueAsString(audit.getSpec()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the spec of LogAudit " + audit.getMetadata().getName(), e);
        }
    }
}
