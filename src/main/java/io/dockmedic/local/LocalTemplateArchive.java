package io.dockmedic.local;

import io.dockmedic.audit.PackedTemplates;
import io.dockmedic.audit.TemplateArchive;
import io.dockmedic.core.mining.MinerSnapshot;
import io.dockmedic.core.mining.TemplateMiner;
import io.dockmedic.core.task.TaskNames;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.report.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Keeps each audit's template miner in {@code STATE/templates/<audit>.templates}: one line with the audit's
 * uid and the SHA-256 of the packed bytes, then the gzipped JSON. A file of another audit (uid), a corrupt
 * or an oversized one is reported and replaced, never loaded.
 */
public final class LocalTemplateArchive implements TemplateArchive {

    private final Path folder;
    private final PackedTemplates packing;
    private final Consumer<String> warn;

    /**
     * @param stateDirectory the state directory; the archive uses its {@code templates} folder
     * @param warn receives one line per file not loaded or not saved
     */
    public LocalTemplateArchive(Path stateDirectory, Consumer<String> warn) {
        this(stateDirectory, new PackedTemplates(), warn);
    }

    LocalTemplateArchive(Path stateDirectory, PackedTemplates packing, Consumer<String> warn) {
        this.folder = stateDirectory.resolve("templates");
        this.packing = packing;
        this.warn = warn;
    }

    /** The file of an audit's templates. */
    Path file(String audit) {
        return folder.resolve(TaskNames.auditLabel(audit) + ".templates");
    }

    @Override
    public Restored load(LogAudit audit) {
        Path file = file(audit.getMetadata().getName());
        Rejection rejection;
        try {
            MinerSnapshot snapshot = read(audit, file);
            if (snapshot == null) {
                return new Restored(new TemplateMiner(), 0, null);
            }
            return new Restored(TemplateMiner.restore(snapshot), snapshot.templates().size(), null);
        } catch (IOException | RuntimeException e) {
            PackedTemplates.Rejected rejected = PackedTemplates.rejectedIn(e);
            String why = rejected != null ? rejected.getMessage()
                    : "its templates cannot be read (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                            : e.getMessage().lines().findFirst().orElse("")) + ")";
            rejection = new Rejection(rejected != null ? rejected.reason() : "CorruptStore",
                    file + " was not loaded: " + why + "; a new template store replaces it");
        }
        warn.accept(rejection.message());
        TemplateMiner fresh = new TemplateMiner();
        save(audit, fresh.snapshot());
        return new Restored(fresh, 0, rejection);
    }

    @Override
    public void save(LogAudit audit, MinerSnapshot snapshot) {
        byte[] packed;
        try {
            packed = packing.pack(snapshot);
        } catch (PackedTemplates.Rejected e) {
            warn.accept("Template miner of " + audit.getMetadata().getName() + " is not saved: " + e.getMessage());
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the template miner", e);
        }
        byte[] header = (audit.getMetadata().getUid() + " " + PackedTemplates.sha256(packed) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        AtomicFile.createDirectories(folder);
        AtomicFile.write(file(audit.getMetadata().getName()), out -> {
            out.write(header);
            out.write(packed);
        });
    }

    /** The saved snapshot, or null when none was saved; checked in order of cost. */
    private MinerSnapshot read(LogAudit audit, Path file) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        // The header is under 200 bytes; more than a store may be is not read at all.
        if (size > PackedTemplates.MAX_BYTES + 200L) {
            throw new PackedTemplates.Rejected("OversizedStore", "it is " + size / 1024 + " KiB, more than the "
                    + PackedTemplates.MAX_BYTES / 1024 + " KiB a store may be");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readAllBytes();
        }
        int newline = indexOf(bytes, (byte) '\n');
        if (newline < 0) {
            throw new PackedTemplates.Rejected("CorruptStore", "it has no header line");
        }
        String[] header = new String(bytes, 0, newline, StandardCharsets.US_ASCII).split(" ");
        if (header.length != 2) {
            throw new PackedTemplates.Rejected("CorruptStore", "its header line is not '<uid> <sha256>'");
        }
        if (!header[0].equals(audit.getMetadata().getUid())) {
            throw new PackedTemplates.Rejected("ForeignStore", "it belongs to another audit (uid " + header[0]
                    + ", not " + audit.getMetadata().getUid() + ")");
        }
        return packing.unpack(Arrays.copyOfRange(bytes, newline + 1, bytes.length), header[1]);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < Math.min(bytes.length, 200); i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
