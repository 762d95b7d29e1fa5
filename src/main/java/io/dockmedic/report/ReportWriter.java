package io.dockmedic.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dockmedic.core.scan.ScanReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes the two report files of a scan. Each file is written to a temporary file in the target
 * folder, flushed to disk and renamed over the old one, so a reader (or a crash) never sees half a report.
 */
public final class ReportWriter {

    public static final String AUDIT_REPORT = "docker_audit_report.json";
    public static final String REMEDIATION_PLAN = "remediation_plan.json";

    private final ObjectWriter json = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // the channel must stay open until it is forced to disk
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false)
            .writer();

    /** Writes both files into {@code directory} (created if missing) and returns their paths. */
    public List<Path> write(ScanReport scan, Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output folder " + directory + ": " + reason(e), e);
        }
        Path audit = directory.resolve(AUDIT_REPORT);
        Path plan = directory.resolve(REMEDIATION_PLAN);
        writeAtomically(audit, AuditReport.of(scan));
        writeAtomically(plan, RemediationPlan.of(scan));
        return List.of(audit, plan);
    }

    /** The audit report as JSON text, for printing. */
    public String auditJson(ScanReport scan) {
        try {
            return json.writeValueAsString(AuditReport.of(scan));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the audit report cannot be serialized", e);
        }
    }

    private void writeAtomically(Path target, Object document) {
        Path temp = null;
        try {
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = Channels.newOutputStream(channel)) {
                json.writeValue(out, document);
                out.write('\n');
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the write already failed; that error is the one to report
                }
            }
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
