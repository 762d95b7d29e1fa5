package io.dockmedic.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The YAML documents of a text as JSON trees, with where each field starts in the text, so that a problem
 * found in the JSON (by its path) can be reported at its line and column. Scalars are typed as kubectl's YAML
 * types them (YAML 1.1: an unquoted {@code Off} or {@code yes} is a boolean), so a file means the same here and
 * to {@code kubectl apply}.
 */
final class YamlDocuments {

    // An empty plain value (`interval:`) is null, as in kubectl's YAML; a quoted "" stays a string.
    private static final YAMLFactory YAML = YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * A place in the text.
     *
     * @param line 1-based line
     * @param column 1-based column
     */
    record Mark(int line, int column) {
        static Mark of(JsonLocation location) {
            return new Mark(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
        }
    }

    /**
     * One document.
     *
     * @param root its content (null for an empty document)
     * @param start where it starts
     * @param marks by field path ({@code spec.rules[0].id}): where the field's key (or the list item) starts
     */
    record Document(JsonNode root, Mark start, Map<String, Mark> marks) {

        /** The mark of {@code path}, or of its nearest ancestor that has one. */
        Mark mark(String path) {
            String p = path;
            while (!p.isEmpty()) {
                Mark mark = marks.get(p);
                if (mark != null) {
                    return mark;
                }
                p = parent(p);
            }
            return start;
        }

        static String parent(String path) {
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            return cut < 0 ? "" : path.substring(0, cut);
        }
    }

    /** The text is not YAML, or not a YAML this reader accepts; the message is one line. */
    static final class SyntaxException extends Exception {
        final Mark mark;

        SyntaxException(String message, Mark mark) {
            super(message);
            this.mark = mark;
        }
    }

    private final JsonParser parser;

    private YamlDocuments(JsonParser parser) {
        this.parser = parser;
    }

    /** The documents of {@code text}, in order, empty ones included (as a null root). */
    static List<Document> read(String text) throws SyntaxException {
        try (JsonParser parser = YAML.createParser(text)) {
            YamlDocuments reader = new YamlDocuments(parser);
            List<Document> documents = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                Mark start = Mark.of(parser.currentTokenLocation());
                Map<String, Mark> marks = new HashMap<>();
                JsonNode root = reader.value(token, "", marks);
                documents.add(new Document(root.isNull() ? null : root, start, marks));
            }
            return documents;
        } catch (JsonProcessingException e) {
            throw syntax(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode value(JsonToken token, String path, Map<String, Mark> marks) throws IOException, SyntaxException {
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    String child = path.isEmpty() ? key : path + "." + key;
                    Mark mark = Mark.of(parser.currentTokenLocation());
                    if (object.has(key)) {
                        throw new SyntaxException(child + ": duplicate key (also at line " + marks.get(child).line()
                                + ")", mark);
                    }
                    marks.put(child, mark);
                    object.set(key, value(parser.nextToken(), child, marks));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    String child = path + "[" + array.size() + "]";
                    marks.put(child, Mark.of(parser.currentTokenLocation()));
                    array.add(value(token, child, marks));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                return NODES.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new SyntaxException("unexpected " + token, Mark.of(parser.currentTokenLocation()));
        }
    }

    /** SnakeYAML's problem and its mark, on one line (its own message spans several, with a snippet). */
    private static SyntaxException syntax(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            String problem = marked.getProblem() == null ? marked.getMessage() : marked.getProblem();
            String context = marked.getContext() == null ? "" : " (" + oneLine(marked.getContext()) + ")";
            return new SyntaxException("YAML syntax: " + oneLine(problem) + context,
                    new Mark(marked.getProblemMark().getLine() + 1, marked.getProblemMark().getColumn() + 1));
        }
        JsonLocation location = e.getLocation();
        return new SyntaxException("YAML syntax: " + oneLine(e.getOriginalMessage()),
                location == null ? new Mark(1, 1) : Mark.of(location));
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}
