package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The JSON types a request's known fields must have. A wrong type is refused with a 400 naming the
 * field, before anything is sent upstream; fields not listed pass through unchecked and untouched.
 */
public final class FieldRules {

    /** A JSON type as an API documents it. */
    public enum Kind {
        STRING("a string", JsonNode::isTextual),
        INTEGER("an integer", JsonNode::isIntegralNumber),
        NUMBER("a number", JsonNode::isNumber),
        BOOLEAN("a boolean", JsonNode::isBoolean),
        OBJECT("an object", JsonNode::isObject),
        ARRAY("an array", JsonNode::isArray);

        private final String description;
        private final Predicate<JsonNode> test;

        Kind(String description, Predicate<JsonNode> test) {
            this.description = description;
            this.test = test;
        }
    }

    /** Each field's accepted kinds, in declaration order; arrays, as every request walks them all. */
    private final Map<String, Kind[]> kinds = new LinkedHashMap<>();
    private final Set<String> required;

    private FieldRules(Set<String> required) {
        this.required = required;
    }

    public static FieldRules requiring(String... fields) {
        return new FieldRules(Set.of(fields));
    }

    public FieldRules field(String name, Kind first, Kind... rest) {
        kinds.put(name, EnumSet.of(first, rest).toArray(Kind[]::new));
        return this;
    }

    /** Checks the body; {@code null} counts as absent, as OpenAI's API treats it. */
    public void check(ObjectNode body) {
        for (var rule : kinds.entrySet()) {
            var name = rule.getKey();
            JsonNode value = body.get(name);
            if (value == null || value.isNull()) {
                if (required.contains(name)) {
                    throw GatewayException.badRequest(name, "Missing required parameter: '" + name + "'.");
                }
                continue;
            }
            if (!isAnyOf(rule.getValue(), value)) {
                throw GatewayException.badRequest(name, "Invalid type for '" + name + "': expected "
                        + Arrays.stream(rule.getValue()).map(kind -> kind.description).collect(Collectors.joining(" or "))
                        + ", but got " + describe(value) + ".");
            }
        }
    }

    private static boolean isAnyOf(Kind[] kinds, JsonNode value) {
        for (var kind : kinds) {
            if (kind.test.test(value)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING, BINARY -> "a string";
            case NUMBER -> value.isIntegralNumber() ? "an integer" : "a number";
            case BOOLEAN -> "a boolean";
            default -> "null";
        };
    }
}
