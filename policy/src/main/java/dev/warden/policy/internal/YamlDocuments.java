package dev.warden.policy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.policy.PolicySource;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Splits policy files into their YAML documents, keeping where every field stands (line and
 * column) so that a problem can be reported exactly where it is. The YAML is composed, never
 * constructed into objects, so that no tag can instantiate a class.
 */
public final class YamlDocuments {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final int MAX_NODES = 200_000;
    private static final int MAX_DEPTH = 64;

    private YamlDocuments() {
    }

    public static List<Document> read(PolicySource source, Problems problems) {
        var documents = new ArrayList<Document>();
        try {
            var options = new LoaderOptions();
            options.setAllowRecursiveKeys(false);
            for (var root : new Yaml(options).composeAll(new StringReader(source.content()))) {
                if (root == null) {
                    continue;
                }
                var positions = new HashMap<String, Position>();
                var converter = new Converter(source.name(), positions, problems);
                var node = converter.convert(root, "", 0);
                if (node != null && !node.isNull()) {
                    documents.add(new Document(source.name(), Position.of(root.getStartMark()), node, positions));
                }
            }
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(source.name(), mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                    "not valid YAML: " + e.getProblem());
        } catch (RuntimeException e) {
            problems.add(source.name(), 0, 0, "not valid YAML: " + e.getMessage());
        }
        return documents;
    }

    /** Converts composed YAML nodes to JSON nodes, recording each path's position. */
    private static final class Converter {

        private final String source;
        private final Map<String, Position> positions;
        private final Problems problems;
        private int count;

        Converter(String source, Map<String, Position> positions, Problems problems) {
            this.source = source;
            this.positions = positions;
            this.problems = problems;
        }

        JsonNode convert(Node node, String path, int depth) {
            if (++count > MAX_NODES || depth > MAX_DEPTH) {
                throw new IllegalArgumentException("the document is too large or too deeply nested");
            }
            positions.putIfAbsent(path, Position.of(node.getStartMark()));
            return switch (node) {
                case MappingNode mapping -> mapping(mapping, path, depth);
                case SequenceNode sequence -> sequence(sequence, path, depth);
                case ScalarNode scalar -> scalar(scalar);
                default -> NODES.nullNode();
            };
        }

        private ObjectNode mapping(MappingNode mapping, String path, int depth) {
            var object = NODES.objectNode();
            for (var tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    problem(tuple.getKeyNode().getStartMark(), "a key must be a plain string");
                    continue;
                }
                var childPath = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                if (object.has(key.getValue())) {
                    problem(key.getStartMark(), "duplicate key '" + key.getValue() + "'");
                    continue;
                }
                positions.put(childPath + "#key", Position.of(key.getStartMark()));
                object.set(key.getValue(), convert(tuple.getValueNode(), childPath, depth + 1));
            }
            return object;
        }

        private ArrayNode sequence(SequenceNode sequence, String path, int depth) {
            var array = NODES.arrayNode();
            var items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                array.add(convert(items.get(i), path + "[" + i + "]", depth + 1));
            }
            return array;
        }

        private JsonNode scalar(ScalarNode scalar) {
            var text = scalar.getValue();
            var tag = scalar.getTag();
            try {
                if (Tag.NULL.equals(tag)) {
                    return NODES.nullNode();
                } else if (Tag.BOOL.equals(tag)) {
                    return NODES.booleanNode(text.equalsIgnoreCase("true") || text.equalsIgnoreCase("yes") || text.equalsIgnoreCase("on"));
                } else if (Tag.INT.equals(tag)) {
                    return NODES.numberNode(new BigInteger(text.replace("_", "")));
                } else if (Tag.FLOAT.equals(tag)) {
                    return NODES.numberNode(new BigDecimal(text.replace("_", "")));
                }
            } catch (NumberFormatException e) {
                // a YAML 1.1 number form Java does not read (hex, sexagesimal): keep the text
            }
            return NODES.textNode(text);
        }

        private void problem(Mark mark, String message) {
            problems.add(source, mark.getLine() + 1, mark.getColumn() + 1, message);
        }
    }
}
