package io.dockmedic.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dockmedic.core.task.HistoryEntry;
import io.dockmedic.core.task.TaskReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes the five files of {@code dockmedic report} from a {@link TaskReport}: the audit report and the
 * plan (as {@code scan} writes them, from tasks), the log of fix attempts, the progress log and the
 * learnings (XML or JSON). Each file is replaced atomically; see SPEC/report-format.md.
 */
public final class TaskReportWriter {

    public static final String REMEDIATION_LOG = "remediation_log.json";
    public static final String PROGRESS_LOG = "remediation_progress.log";
    public static final String LEARNINGS_XML = "learnings/docker_remediation.xml";
    public static final String LEARNINGS_JSON = "learnings/docker_remediation.json";

    /** How the learnings are written. */
    public enum LearningsFormat { XML, JSON }

    private final ObjectWriter json = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // the channel must stay open until it is forced to disk
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false)
            .writer();

    /** Writes the five files into {@code directory} (created if missing) and returns their paths in writing order. */
    public List<Path> write(TaskReport report, Path directory, LearningsFormat format) {
        IssueIds ids = TaskDocuments.ids(report);
        Path audit = directory.resolve(ReportWriter.AUDIT_REPORT);
        Path plan = directory.resolve(ReportWriter.REMEDIATION_PLAN);
        Path log = directory.resolve(REMEDIATION_LOG);
        Path progress = directory.resolve(PROGRESS_LOG);
        Path learnings = directory.resolve(format == LearningsFormat.XML ? LEARNINGS_XML : LEARNINGS_JSON);
        AtomicFile.createDirectories(learnings.getParent());
        writeJson(audit, TaskDocuments.audit(report, ids));
        writeJson(plan, TaskDocuments.plan(report, ids));
        writeJson(log, TaskDocuments.log(report, ids));
        AtomicFile.write(progress, out -> writeProgress(report, out));
        if (format == LearningsFormat.XML) {
            AtomicFile.write(learnings, out -> writeLearningsXml(TaskDocuments.learnings(report, ids), out));
        } else {
            writeJson(learnings, TaskDocuments.learnings(report, ids));
        }
        return List.of(audit, plan, log, progress, learnings);
    }

    private void writeJson(Path target, Object document) {
        AtomicFile.write(target, out -> {
            json.writeValue(out, document);
            out.write('\n');
        });
    }

    private static void writeProgress(TaskReport report, OutputStream out) throws IOException {
        Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        for (TaskReport.ProgressEntry p : report.progress()) {
            text.write(progressLine(p));
            text.write('\n');
        }
        text.flush();
    }

    /**
     * One history entry as one line: the time, then {@code key=value} pairs (logfmt). A value with spaces,
     * quotes, {@code =} or control characters is quoted and escaped, so a message never breaks the line; an
     * absent value leaves its key out.
     */
    static String progressLine(TaskReport.ProgressEntry p) {
        HistoryEntry h = p.entry();
        StringBuilder line = new StringBuilder(h.time() == null ? "-" : value(h.time()));
        pair(line, "namespace", p.namespace());
        pair(line, "task", p.task());
        pair(line, "phase", h.phase() == null ? null : h.phase().name());
        pair(line, "reason", h.reason());
        pair(line, "actor", h.actor());
        pair(line, "message", h.message());
        return line.toString();
    }

    private static void pair(StringBuilder line, String key, String value) {
        if (value != null) {
            line.append(' ').append(key).append('=').append(value(value));
        }
    }

    private static String value(String value) {
        boolean bare = !value.isEmpty() && value.chars().allMatch(c -> c > ' ' && c != '"' && c != '='
                && c != '\\' && c < 0x7f);
        if (bare) {
            return value;
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    // Other control characters, and the Unicode line separators some readers break lines at.
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static void writeLearningsXml(TaskDocuments.LearningsDocument doc, OutputStream out) throws IOException {
        try {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("docker_remediation");
            element(xml, 1, "audit_timestamp", doc.auditTimestamp());
            indent(xml, 1);
            xml.writeStartElement("summary");
            element(xml, 2, "total_learnings", Integer.toString(doc.summary().totalLearnings()));
            indent(xml, 1);
            xml.writeEndElement();
            indent(xml, 1);
            xml.writeStartElement("learnings");
            for (TaskDocuments.LearningEntry e : doc.learnings()) {
                indent(xml, 2);
                xml.writeStartElement("entry");
                element(xml, 3, "namespace", e.namespace());
                element(xml, 3, "task", e.task());
                element(xml, 3, "id", e.id());
                element(xml, 3, "fingerprint", e.fingerprint());
                element(xml, 3, "container", e.container());
                element(xml, 3, "issue_type", e.issueType());
                element(xml, 3, "kind", e.kind());
                element(xml, 3, "phase", e.phase());
                element(xml, 3, "by", e.by());
                element(xml, 3, "at", e.at());
                element(xml, 3, "summary", e.summary());
                indent(xml, 3);
                xml.writeStartElement("changes");
                for (String change : e.changes()) {
                    element(xml, 4, "change", change);
                }
                if (!e.changes().isEmpty()) {
                    indent(xml, 3);
                }
                xml.writeEndElement();
                element(xml, 3, "learning", e.learning());
                indent(xml, 2);
                xml.writeEndElement();
            }
            if (!doc.learnings().isEmpty()) {
                indent(xml, 1);
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write XML: " + e.getMessage(), e);
        }
    }

    /** An element holding {@code text}; absent when the value is null. */
    private static void element(XMLStreamWriter xml, int depth, String name, String text) throws XMLStreamException {
        if (text == null) {
            return;
        }
        indent(xml, depth);
        xml.writeStartElement(name);
        writeText(xml, text);
        xml.writeEndElement();
    }

    /**
     * Text as XML 1.0 can carry it. The writer escapes {@code <}, {@code &} and {@code >}; a carriage return
     * becomes a character reference so a parser does not turn it into a newline; characters XML 1.0 cannot
     * hold at all (NUL and the other C0 controls but tab and newline, unpaired surrogates, U+FFFE, U+FFFF)
     * become U+FFFD, the replacement character, so the file stays well-formed and the gap stays visible.
     */
    private static void writeText(XMLStreamWriter xml, String text) throws XMLStreamException {
        StringBuilder run = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                xml.writeCharacters(run.toString());
                run.setLength(0);
                xml.writeEntityRef("#13");
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                run.append(c).append(text.charAt(++i));
            } else if (c == '\t' || c == '\n' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)) {
                run.append(c);
            } else {
                run.append('\uFFFD');
            }
        }
        xml.writeCharacters(run.toString());
    }

    private static void indent(XMLStreamWriter xml, int depth) throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth));
    }
}
