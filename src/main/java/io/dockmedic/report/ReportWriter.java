package io.dockmedic.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dockmedic.core.scan.ScanReport;
import java.nio.file.Path;
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
        AtomicFile.createDirectories(directory);
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
        AtomicFile.write(target, out -> {
            json.writeValue(out, document);
            out.write('\n');
        });
    }
}
