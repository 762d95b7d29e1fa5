package io.dockmedic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.agents.AgentTasks.Listed;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.operator.api.RemediationTask;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A person's view of tasks without kubectl: {@code tasks list} prints the RemediationTask CRD's own printer
 * columns (the annotations crd-generator writes them from) as {@code kubectl get issues} does, and {@code tasks describe} lays a task out as
 * {@code kubectl describe issue} does (kubectl's generic describer: sorted fields, title-cased labels, Go
 * tabwriter alignment), from whichever task store the tasks come from.
 */
final class TaskPrinter {

    /**
     * One printer column of the CRD.
     *
     * @param name its header
     * @param type string, integer, number, boolean or date
     * @param path its JSON path, a chain of fields such as {@code .status.claim.agent}
     * @param priority 0 for {@code kubectl get}, more for {@code -o wide} only
     */
    record Column(String name, String type, List<String> path, int priority) {
    }

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ACRONYMS = Set.of("API", "URL", "UID", "OSB", "GUID");
    /** The printer columns of the CRD. */
    static final List<Column> COLUMNS = columns();

    private TaskPrinter() {
    }

    /**
     * The table of {@code kubectl get issues} ({@code wide}: {@code -o wide}; {@code withNamespace}: {@code -A}),
     * with the tasks in the order given.
     */
    static String table(List<Listed> tasks, boolean wide, boolean withNamespace, Instant now) {
        List<Column> columns = COLUMNS.stream().filter(c -> wide || c.priority() == 0).toList();
        StringBuilder text = new StringBuilder();
        List<String> header = new ArrayList<>();
        if (withNamespace) {
            header.add("NAMESPACE");
        }
        header.add("NAME");
        columns.forEach(c -> header.add(c.name()));
        text.append(String.join("\t", header)).append('\n');
        for (Listed listed : tasks) {
            JsonNode task = object(listed);
            List<String> row = new ArrayList<>();
            if (withNamespace) {
                row.add(listed.namespace());
            }
            row.add(listed.task().name());
            columns.forEach(c -> row.add(cell(task, c, now)));
            text.append(String.join("\t", row)).append('\n');
        }
        // kubectl's table writer (printers.GetNewTabWriter): minimum width 6, padding 3
        return tabbed(text.toString(), 6, 3);
    }

    /** The text of {@code kubectl describe issue NAME}, but for the Events, which no task store keeps. */
    static String describe(Listed listed) {
        StoredTask task = listed.task();
        ObjectNode object = object(listed);
        StringBuilder text = new StringBuilder();
        text.append("Name:\t").append(task.name()).append('\n');
        text.append("Namespace:\t").append(listed.namespace() == null ? "" : listed.namespace()).append('\n');
        text.append("Labels:\t");
        if (task.labels().isEmpty()) {
            text.append("<none>\n");
        } else {
            String separator = "";
            for (Map.Entry<String, String> label : new TreeMap<>(task.labels()).entrySet()) {
                text.append(separator).append(label.getKey()).append('=').append(label.getValue()).append('\n');
                separator = "\t";
            }
        }
        text.append("Annotations:\t<none>\n");
        ObjectNode metadata = (ObjectNode) object.get("metadata");
        metadata.remove(List.of("name", "namespace", "labels", "annotations", "managedFields"));
        if (metadata.isEmpty()) {
            object.remove("metadata");
        }
        content(text, 0, object);
        text.append("Events:\t<not kept in the task store; in a cluster: kubectl describe issue ")
                .append(task.name()).append(">\n");
        // kubectl describe's writer: tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)
        return tabbed(text.toString(), 0, 2);
    }

    /** kubectl's printUnstructuredContent: fields sorted, maps and lists nested two spaces deeper. */
    private static void content(StringBuilder text, int level, JsonNode object) {
        TreeMap<String, JsonNode> fields = new TreeMap<>();
        object.fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue()));
        String indent = "  ".repeat(level);
        for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
            JsonNode value = field.getValue();
            String label = smartLabel(field.getKey());
            if (value.isObject()) {
                text.append(indent).append(label).append(":\n");
                content(text, level + 1, value);
            } else if (value.isArray()) {
                text.append(indent).append(label).append(":\n");
                for (JsonNode item : value) {
                    if (item.isObject()) {
                        content(text, level + 1, item);
                    } else {
                        text.append(indent).append("  ").append(scalar(item)).append('\n');
                    }
                }
            } else {
                text.append(indent).append(label).append(":\t").append(scalar(value)).append('\n');
            }
        }
    }

    private static String scalar(JsonNode value) {
        return value.isNull() ? "<nil>" : value.isTextual() ? value.asText() : value.toString();
    }

    /** The task as the API server would return it: apiVersion, kind, metadata, spec, status. */
    private static ObjectNode object(Listed listed) {
        StoredTask task = listed.task();
        RemediationTask resource = new RemediationTask();
        resource.setMetadata(new ObjectMetaBuilder().withName(task.name()).withNamespace(listed.namespace())
                .withUid(task.uid()).withResourceVersion(task.version())
                .withGeneration(task.generation() == 0 ? null : task.generation())
                .withLabels(task.labels().isEmpty() ? null : task.labels())
                .withCreationTimestamp(task.createdAt()).build());
        resource.setSpec(task.spec());
        resource.setStatus(task.status());
        try {
            return (ObjectNode) JSON.readTree(SERIALIZATION.asJson(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cell(JsonNode task, Column column, Instant now) {
        JsonNode value = task;
        for (String field : column.path()) {
            value = value.path(field);
        }
        if (value.isMissingNode() || value.isNull()) {
            return ""; // the API server's table has no cell there, and kubectl prints nothing
        }
        if (column.type().equals("date")) {
            try {
                return humanDuration(Duration.between(Instant.parse(value.asText()), now));
            } catch (DateTimeParseException e) {
                return "<invalid>";
            }
        }
        return scalar(value);
    }

    /** k8s.io/apimachinery's duration.HumanDuration: the AGE and LAST-SEEN kubectl prints. */
    static String humanDuration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = d.toMinutes();
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 180) {
            return minutes + "m";
        }
        long hours = d.toHours();
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long dy = hours / 24 % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }

    /** kubectl's smartLabelFor: {@code lastTransitionTime} is {@code Last Transition Time}, {@code uid} is UID. */
    static String smartLabel(String field) {
        if (field.chars().anyMatch(c -> !Character.isLetter(c) && c != '-')) {
            return field;
        }
        List<String> parts = new ArrayList<>();
        for (String part : camelCaseSplit(field)) {
            if (part.equals("_")) {
                continue;
            }
            String upper = part.toUpperCase(Locale.ROOT);
            parts.add(ACRONYMS.contains(upper) ? upper : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return String.join(" ", parts);
    }

    /** fatih/camelcase's Split, which kubectl uses: runs of one character class, "PDFLoader" as PDF, Loader. */
    static List<String> camelCaseSplit(String text) {
        List<StringBuilder> runs = new ArrayList<>();
        int last = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int kind = Character.isLowerCase(c) ? 1 : Character.isUpperCase(c) ? 2 : Character.isDigit(c) ? 3 : 4;
            if (kind != last || runs.isEmpty()) {
                runs.add(new StringBuilder());
            }
            runs.get(runs.size() - 1).appendCodePoint(c);
            last = kind;
            i += Character.charCount(c);
        }
        for (int i = 0; i < runs.size() - 1; i++) {
            StringBuilder run = runs.get(i);
            StringBuilder next = runs.get(i + 1);
            if (Character.isUpperCase(run.codePointAt(0)) && Character.isLowerCase(next.codePointAt(0))) {
                int lastChar = run.offsetByCodePoints(run.length(), -1);
                next.insert(0, run.substring(lastChar));
                run.setLength(lastChar);
            }
        }
        return runs.stream().filter(r -> r.length() > 0).map(StringBuilder::toString).toList();
    }

    /**
     * Go's text/tabwriter with padchar ' ' and no flags: tab-terminated cells of consecutive lines form a column
     * block as wide as its widest cell plus {@code padding} (at least {@code minWidth}); a line's last cell is
     * not aligned.
     */
    static String tabbed(String text, int minWidth, int padding) {
        List<String[]> lines = new ArrayList<>();
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        for (String line : body.split("\n", -1)) {
            lines.add(line.split("\t", -1));
        }
        StringBuilder out = new StringBuilder();
        format(lines, 0, lines.size(), new ArrayList<>(), minWidth, padding, out);
        return out.toString();
    }

    private static void format(List<String[]> lines, int line0, int line1, List<Integer> widths, int minWidth,
            int padding, StringBuilder out) {
        int column = widths.size();
        int start = line0;
        for (int current = line0; current < line1; current++) {
            if (column >= lines.get(current).length - 1) {
                continue;
            }
            write(lines, start, current, widths, out);
            start = current;
            int width = minWidth;
            for (; current < line1 && column < lines.get(current).length - 1; current++) {
                width = Math.max(width, length(lines.get(current)[column]) + padding);
            }
            widths.add(width);
            format(lines, start, current, widths, minWidth, padding, out);
            widths.remove(widths.size() - 1);
            start = current;
            current--; // the loop's increment would skip the line that ended the block
        }
        write(lines, start, line1, widths, out);
    }

    private static void write(List<String[]> lines, int from, int to, List<Integer> widths, StringBuilder out) {
        for (int i = from; i < to; i++) {
            String[] cells = lines.get(i);
            for (int j = 0; j < cells.length; j++) {
                out.append(cells[j]);
                if (j < widths.size() && j < cells.length - 1) {
                    out.append(" ".repeat(Math.max(0, widths.get(j) - length(cells[j]))));
                }
            }
            out.append('\n');
        }
    }

    private static int length(String cell) {
        return cell.codePointCount(0, cell.length());
    }

    /**
     * The columns declared on {@link RemediationTask}, from which crd-generator writes the CRD's
     * additionalPrinterColumns; in declaration order, the order of the committed CRD kubectl reads.
     */
    private static List<Column> columns() {
        List<Column> columns = new ArrayList<>();
        for (AdditionalPrinterColumn c : RemediationTask.class.getAnnotationsByType(AdditionalPrinterColumn.class)) {
            if (!c.jsonPath().matches("(\\.[A-Za-z][A-Za-z0-9]*)+")) {
                throw new IllegalStateException("printer column " + c.name() + " has the JSON path " + c.jsonPath()
                        + "; only chains of fields are supported");
            }
            columns.add(new Column(c.name(), c.type().name().toLowerCase(Locale.ROOT),
                    List.of(c.jsonPath().substring(1).split("\\.")), c.priority()));
        }
        return List.copyOf(columns);
    }
}
