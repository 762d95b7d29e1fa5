package io.dockmedic.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.audit.AuditSettings;
import io.dockmedic.audit.InvalidSpecException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the policy file of {@code dockmedic watch -f}: one or more LogAudit documents, exactly what
 * {@code kubectl apply -f} would accept for the LogAudit CRD. Each document is checked as the API server
 * checks a create (the CRD's own schema, defaults and CEL rules, unknown fields refused), then as the
 * operator checks a spec ({@link AuditSettings#of}); every problem of the file is reported at once, by
 * line, column and field.
 */
public final class PolicyFile {

    /** Files larger than this are refused unread: a policy is a few kilobytes. */
    static final long MAX_BYTES = 1 << 20;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern FIELD_FIRST = Pattern.compile("^(spec(?:\\.[A-Za-z][A-Za-z0-9]*|\\[\\d+])*):?\\s+(.*)$",
            Pattern.DOTALL);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private PolicyFile() {
    }

    /** The CRD's schema, read once: compiling its rules takes a moment. */
    private static final class Crd {
        static final CrdSchema LOG_AUDIT = CrdSchema.fromClasspath(HasMetadata.getPlural(LogAudit.class) + "."
                + HasMetadata.getGroup(LogAudit.class));
    }

    /**
     * The LogAudits of a policy file, in file order, with their defaults applied.
     *
     * @throws PolicyFileException listing every problem, one line each
     */
    public static List<LogAudit> load(Path file) {
        String name = file.toString();
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw fail(name, 1, 1, "", "the file is larger than " + MAX_BYTES / 1024 + " KiB; a policy file "
                        + "holds a few LogAudits");
            }
            return parse(name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (MalformedInputException e) {
            throw fail(name, 1, 1, "", "the file is not UTF-8 text");
        } catch (IOException e) {
            throw fail(name, 1, 1, "", "cannot read the file: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /**
     * The LogAudits of {@code text}, read as the file {@code file}.
     *
     * @throws PolicyFileException listing every problem, one line each
     */
    public static List<LogAudit> parse(String file, String text) {
        List<YamlDocuments.Document> documents;
        try {
            documents = YamlDocuments.read(text).stream().filter(d -> d.root() != null).toList();
        } catch (YamlDocuments.SyntaxException e) {
            throw fail(file, e.mark.line(), e.mark.column(), "", e.getMessage());
        }
        if (documents.isEmpty()) {
            throw fail(file, 1, 1, "", "the file holds no document: write a LogAudit (apiVersion "
                    + String.join(" or ", Crd.LOG_AUDIT.apiVersions()) + ", kind " + Crd.LOG_AUDIT.kind() + ")");
        }
        List<PolicyProblem> problems = new ArrayList<>();
        List<LogAudit> audits = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (YamlDocuments.Document document : documents) {
            int before = problems.size();
            LogAudit audit = audit(file, document, problems);
            if (audit == null || problems.size() > before) {
                continue;
            }
            String name = audit.getMetadata().getName();
            YamlDocuments.Mark mark = document.mark("metadata.name");
            Integer first = names.putIfAbsent(name, mark.line());
            if (first != null) {
                problems.add(new PolicyProblem(file, mark.line(), mark.column(), "metadata.name", "'" + name
                        + "' is already the name of the LogAudit at line " + first + "; names must be unique"));
            } else {
                audits.add(audit);
            }
        }
        if (!problems.isEmpty()) {
            throw new PolicyFileException(problems);
        }
        return List.copyOf(audits);
    }

    /** One document as a LogAudit, or null with its problems added. */
    private static LogAudit audit(String file, YamlDocuments.Document document, List<PolicyProblem> problems) {
        JsonNode root = document.root();
        if (!(root instanceof ObjectNode object)) {
            problems.add(at(file, document, "", "a document must be a LogAudit (a mapping with apiVersion, kind, "
                    + "metadata and spec), not a " + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
            return null;
        }
        CrdSchema crd = Crd.LOG_AUDIT;
        JsonNode kind = object.get("kind");
        if (kind != null && kind.isTextual() && !kind.asText().equals(crd.kind())) {
            problems.add(at(file, document, "kind", "'" + kind.asText() + "' does not belong in a policy file, "
                    + "which holds only " + crd.kind() + " documents"));
            return null;
        }
        JsonNode apiVersion = object.get("apiVersion");
        if (apiVersion != null && apiVersion.isTextual() && !crd.apiVersions().contains(apiVersion.asText())) {
            problems.add(at(file, document, "apiVersion", "must be " + String.join(" or ", crd.apiVersions())
                    + ", not '" + apiVersion.asText() + "'"));
            return null;
        }
        crd.applyDefaults(object);
        List<CrdSchema.Violation> violations = crd.validate(object);
        for (CrdSchema.Violation violation : violations) {
            problems.add(at(file, document, violation.path(), violation.message()));
        }
        if (!violations.isEmpty()) {
            return null;
        }
        String name = object.path("metadata").path("name").asText();
        if (name.length() > 253 || !NAME.matcher(name).matches()) {
            problems.add(at(file, document, "metadata.name", "'" + name + "' is not a valid name: lower case "
                    + "letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 "
                    + "characters (an RFC 1123 subdomain, as Kubernetes requires)"));
            return null;
        }
        object.remove("status"); // written by dockmedic, never read from the policy, as the API server drops it
        LogAudit audit = SERIALIZATION.unmarshal(object.toString(), LogAudit.class);
        try {
            AuditSettings.of(audit.getSpec());
        } catch (InvalidSpecException e) {
            Matcher field = FIELD_FIRST.matcher(e.getMessage());
            problems.add(field.matches() ? at(file, document, field.group(1), field.group(2))
                    : at(file, document, "spec", e.getMessage()));
            return null;
        }
        return audit;
    }

    private static PolicyProblem at(String file, YamlDocuments.Document document, String field, String message) {
        YamlDocuments.Mark mark = document.mark(field);
        return new PolicyProblem(file, mark.line(), mark.column(), field, message.replaceAll("\\s+", " ").strip());
    }

    private static PolicyFileException fail(String file, int line, int column, String field, String message) {
        return new PolicyFileException(List.of(new PolicyProblem(file, line, column, field, message)));
    }
}
