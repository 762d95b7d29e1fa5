package io.dockmedic.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.re2j.Pattern;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A CRD's structural schema used the way the API server uses it on a create: null fields pruned, defaults
 * applied, the OpenAPI v3 schema checked with unknown fields refused (strict field validation), then the
 * {@code x-kubernetes-validations} CEL rules evaluated. The CRD is the one crd-generator wrote into the
 * jar, so a field added to the Java API is checked here without a line changed.
 */
final class CrdSchema {

    /**
     * A field that breaks the schema.
     *
     * @param path the field's path, e.g. {@code spec.rules[0].pattern}
     * @param message what is wrong
     */
    record Violation(String path, String message) {
    }

    /** What the API server adds around every custom resource's own schema: apiVersion, kind and metadata. */
    private static final String ENVELOPE = """
            {"type": "object", "required": ["apiVersion", "kind", "metadata"],
             "properties": {
               "apiVersion": {"type": "string"},
               "kind": {"type": "string"},
               "metadata": {"type": "object", "required": ["name"], "additionalProperties": false,
                 "properties": {
                   "name": {"type": "string"},
                   "namespace": {"type": "string"},
                   "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                   "annotations": {"type": "object", "additionalProperties": {"type": "string"}}}}}}
            """;
    /**
     * The schema keywords whose meaning here is the API server's; any other keyword in the CRD stops the loader
     * (a test loads the CRD), rather than being silently checked differently or not at all.
     */
    private static final Set<String> KNOWN_KEYWORDS = Set.of("type", "properties", "items", "additionalProperties",
            "required", "enum", "pattern", "maxLength", "minLength", "maxItems", "minItems", "maximum", "minimum",
            "exclusiveMaximum", "exclusiveMinimum", "multipleOf", "uniqueItems", "maxProperties", "minProperties",
            "description", "default", "nullable", "title", "example", "x-kubernetes-validations",
            "x-kubernetes-preserve-unknown-fields");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String group;
    private final String kind;
    private final Set<String> apiVersions;
    private final JsonNode specSchema;
    private final ObjectNode root;
    private final Schema validator;
    private final Map<String, CelRuntime.Program> rules = new LinkedHashMap<>();

    private CrdSchema(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        this.group = spec.path("group").asText();
        this.kind = spec.path("names").path("kind").asText();
        List<String> versions = new ArrayList<>();
        JsonNode schema = null;
        for (JsonNode version : spec.path("versions")) {
            if (version.path("served").asBoolean(false)) {
                versions.add(group + "/" + version.path("name").asText());
                if (schema == null || version.path("storage").asBoolean(false)) {
                    schema = version.path("schema").path("openAPIV3Schema");
                }
            }
        }
        if (schema == null || schema.isMissingNode()) {
            throw new IllegalStateException("the " + kind + " CRD serves no version with a schema");
        }
        this.apiVersions = Set.copyOf(versions);
        this.specSchema = schema.path("properties").path("spec");
        try {
            this.root = (ObjectNode) new ObjectMapper().readTree(ENVELOPE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ((ObjectNode) root.get("properties")).set("spec", strict(specSchema, "spec"));
        // status is dropped by the API server on a create (a status subresource): anything may stand there.
        ((ObjectNode) root.get("properties")).set("status", NODES.objectNode());
        root.put("additionalProperties", false);
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .regularExpressionFactory(regex -> { // RE2, like the API server's Go regexp, not java.util.regex
                    Pattern pattern = Pattern.compile(regex);
                    return value -> pattern.matcher(value).find();
                })
                .build();
        this.validator = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4,
                builder -> builder.schemaRegistryConfig(config)).getSchema(root);
        compileRules(specSchema, "spec");
    }

    /** The CRD of {@code resource} ({@code plural.group}) as crd-generator put it on the classpath. */
    static CrdSchema fromClasspath(String resource) {
        String path = "/META-INF/fabric8/" + resource + "-v1.yml";
        try (InputStream in = CrdSchema.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the classpath (crd-generator writes it at build "
                        + "time: mvn process-classes)");
            }
            return new CrdSchema(YAML.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The apiVersions the CRD serves, e.g. {@code dockmedic.io/v1alpha1}. */
    Set<String> apiVersions() {
        return apiVersions;
    }

    /** How many distinct CEL rules the schema holds (transition rules, which never apply to a create, aside). */
    int ruleCount() {
        return rules.size();
    }

    /** The resource's kind. */
    String kind() {
        return kind;
    }

    /**
     * What the API server does to a spec before it validates it: a null field is removed unless the schema
     * says nullable, then every missing field with a default gets it.
     */
    void applyDefaults(JsonNode document) {
        if (document.get("spec") instanceof ObjectNode) {
            defaults(document.get("spec"), specSchema);
        }
    }

    /** The schema's and then the CEL rules' violations of {@code document}, in document order. */
    List<Violation> validate(JsonNode document) {
        List<Violation> violations = new ArrayList<>();
        Set<String> mistyped = new java.util.HashSet<>();
        for (Error error : validator.validate(document)) {
            Violation violation = violation(error);
            // A value of the wrong type breaks its enum and pattern too: saying so again adds nothing.
            if ("type".equals(error.getKeyword())) {
                mistyped.add(violation.path());
            } else if (mistyped.contains(violation.path())) {
                continue;
            }
            violations.add(violation);
        }
        if (violations.isEmpty() && document.get("spec") != null) {
            // The rules see only schema-valid data, as they may assume its types.
            checkRules(document.get("spec"), specSchema, "spec", violations);
        }
        return violations;
    }

    private static void defaults(JsonNode node, JsonNode schema) {
        if (node instanceof ObjectNode object) {
            JsonNode properties = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                JsonNode value = object.get(property.getKey());
                if (value != null && value.isNull() && !property.getValue().path("nullable").asBoolean(false)) {
                    object.remove(property.getKey());
                    value = null;
                }
                if (value == null && property.getValue().has("default")) {
                    object.set(property.getKey(), property.getValue().get("default").deepCopy());
                }
                if (object.get(property.getKey()) != null) {
                    defaults(object.get(property.getKey()), property.getValue());
                }
            }
            if (schema.path("additionalProperties").isObject()) {
                object.forEach(value -> defaults(value, schema.get("additionalProperties")));
            }
        } else if (node instanceof ArrayNode array && schema.has("items")) {
            array.forEach(item -> defaults(item, schema.get("items")));
        }
    }

    /** The OpenAPI schema as a JSON Schema that refuses what the API server's strict field validation refuses. */
    private static JsonNode strict(JsonNode schema, String path) {
        ObjectNode copy = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String keyword = entry.getKey();
            if (!KNOWN_KEYWORDS.contains(keyword)) {
                throw new IllegalStateException("the CRD's schema uses '" + keyword + "' at " + path
                        + ", which the policy file loader does not check the way the API server does");
            }
            switch (keyword) {
                case "properties" -> {
                    ObjectNode properties = copy.putObject("properties");
                    entry.getValue().fields().forEachRemaining(p ->
                            properties.set(p.getKey(), strict(p.getValue(), path + "." + p.getKey())));
                }
                case "items" -> copy.set("items", strict(entry.getValue(), path + "[]"));
                case "additionalProperties" -> copy.set("additionalProperties", entry.getValue().isObject()
                        ? strict(entry.getValue(), path + ".*") : entry.getValue());
                case "nullable", "x-kubernetes-validations", "x-kubernetes-preserve-unknown-fields", "description",
                        "default", "example" -> {
                    // nullable is folded into type below; the rules run separately; the rest only annotate.
                }
                default -> copy.set(keyword, entry.getValue());
            }
        }
        if (schema.path("nullable").asBoolean(false) && copy.has("type")) {
            copy.set("type", NODES.arrayNode().add(copy.get("type").asText()).add("null"));
        }
        boolean object = "object".equals(schema.path("type").asText()) || schema.has("properties");
        if (object && !schema.has("additionalProperties")
                && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            copy.put("additionalProperties", false);
        }
        return copy;
    }

    private void compileRules(JsonNode schema, String path) {
        CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .addVar("self", SimpleType.DYN)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .build();
        CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
        forEachRule(schema, path, (rule, where) -> {
            String expression = rule.path("rule").asText();
            if (rules.containsKey(expression) || transition(expression)) {
                return;
            }
            try {
                CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
                rules.put(expression, runtime.createProgram(ast));
            } catch (CelValidationException | CelEvaluationException e) {
                throw new IllegalStateException("the CRD's rule at " + where + " does not compile: "
                        + e.getMessage().replaceAll("\\s+", " "), e);
            }
        });
    }

    /** A transition rule compares with the stored object: it never applies to a create. */
    private static boolean transition(String expression) {
        return expression.matches("(?s).*\\boldSelf\\b.*");
    }

    private interface RuleVisitor {
        void visit(JsonNode rule, String path);
    }

    private static void forEachRule(JsonNode schema, String path, RuleVisitor visitor) {
        schema.path("x-kubernetes-validations").forEach(rule -> visitor.visit(rule, path));
        schema.path("properties").fields().forEachRemaining(p -> forEachRule(p.getValue(), path + "." + p.getKey(),
                visitor));
        if (schema.has("items")) {
            forEachRule(schema.get("items"), path + "[]", visitor);
        }
        if (schema.path("additionalProperties").isObject()) {
            forEachRule(schema.get("additionalProperties"), path + ".*", visitor);
        }
    }

    private void checkRules(JsonNode node, JsonNode schema, String path, List<Violation> violations) {
        if (node == null || node.isNull()) {
            return;
        }
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            String expression = rule.path("rule").asText();
            CelRuntime.Program program = rules.get(expression);
            if (program == null) {
                continue; // a transition rule
            }
            String where = rule.hasNonNull("fieldPath") ? path + rule.get("fieldPath").asText() : path;
            try {
                Object result = program.eval(Map.of("self", celValue(node)));
                if (!Boolean.TRUE.equals(result)) {
                    violations.add(new Violation(where, rule.hasNonNull("message") ? rule.get("message").asText()
                            : "failed rule: " + expression));
                }
            } catch (CelEvaluationException e) {
                violations.add(new Violation(where, "rule '" + expression + "' could not be evaluated: "
                        + e.getMessage().replaceAll("\\s+", " ")));
            }
        }
        if (node.isObject()) {
            schema.path("properties").fields().forEachRemaining(p ->
                    checkRules(node.get(p.getKey()), p.getValue(), path + "." + p.getKey(), violations));
            if (schema.path("additionalProperties").isObject()) {
                node.fields().forEachRemaining(f -> checkRules(f.getValue(), schema.get("additionalProperties"),
                        path + "." + f.getKey(), violations));
            }
        } else if (node.isArray() && schema.has("items")) {
            for (int i = 0; i < node.size(); i++) {
                checkRules(node.get(i), schema.get("items"), path + "[" + i + "]", violations);
            }
        }
    }

    /** One schema error as a field path and a message in the API server's terms, shorter. */
    private Violation violation(Error error) {
        String path = path(error.getInstanceLocation());
        JsonNode schema = error.getSchemaNode();
        JsonNode value = error.getInstanceNode();
        Object[] args = error.getArguments() == null ? new Object[0] : error.getArguments();
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        return switch (keyword) {
            case "additionalProperties" -> new Violation(join(path, error.getProperty()), "unknown field"
                    + known(error.getInstanceLocation()));
            case "required" -> new Violation(path, "required field '" + error.getProperty() + "' is missing");
            case "type" -> new Violation(path, "must be of type " + expected(schema) + ", not " + args[0]
                    + (value != null && value.isBoolean() && "string".equals(expected(schema))
                    ? " (YAML reads unquoted yes, no, on, off, true and false as booleans: quote the value)" : ""));
            case "enum" -> new Violation(path, "must be one of " + list(schema) + ", not " + quoted(value));
            case "pattern" -> new Violation(path, "must match " + schema.asText() + ", not " + quoted(value));
            case "maxLength" -> new Violation(path, "must be at most " + schema.asText() + " characters long, not "
                    + value.asText().codePointCount(0, value.asText().length()));
            case "minLength" -> new Violation(path, "must be at least " + schema.asText() + " characters long, not "
                    + value.asText().codePointCount(0, value.asText().length()));
            case "maxItems" -> new Violation(path, "must have at most " + schema.asText() + " items, not "
                    + value.size());
            case "minItems" -> new Violation(path, "must have at least " + schema.asText() + " items, not "
                    + value.size());
            case "maximum" -> new Violation(path, "must be at most " + number(schema) + ", not " + number(value));
            case "minimum" -> new Violation(path, "must be at least " + number(schema) + ", not " + number(value));
            default -> new Violation(path, error.getMessage());
        };
    }

    /** The fields the object at {@code location} may have, to help with a misspelt one. */
    private String known(NodePath location) {
        JsonNode schema = root;
        for (int i = 0; i < location.getNameCount() && schema != null; i++) {
            schema = location.getElement(i) instanceof Integer ? schema.get("items")
                    : schema.path("properties").get(String.valueOf(location.getElement(i)));
        }
        if (schema == null || !schema.path("properties").isObject() || schema.path("properties").isEmpty()) {
            return "";
        }
        StringJoiner names = new StringJoiner(", ", " (known: ", ")");
        schema.get("properties").fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    /** A JSON value as CEL's Java runtime takes it: maps, lists, strings, longs, doubles, booleans. */
    private static Object celValue(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(f -> map.put(f.getKey(), celValue(f.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(celValue(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull()) {
            return com.google.protobuf.NullValue.NULL_VALUE;
        }
        return node.asText();
    }

    private static String path(NodePath location) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(element);
            }
        }
        return path.toString();
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String expected(JsonNode type) {
        return type.isArray() ? type.get(0).asText() : type.asText();
    }

    private static String list(JsonNode values) {
        StringJoiner joined = new StringJoiner(", ");
        values.forEach(v -> joined.add(v.asText()));
        return joined.toString();
    }

    private static String quoted(JsonNode value) {
        return value == null ? "null" : value.isTextual() ? "'" + value.asText() + "'" : value.toString();
    }

    private static String number(JsonNode value) {
        return value.isNumber() ? new BigDecimal(value.asText()).stripTrailingZeros().toPlainString() : value.asText();
    }
}
