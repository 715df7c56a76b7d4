package dev.warden.gateway.provider.gemini;

import static dev.warden.gateway.provider.gemini.OpenAiFields.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a JSON schema into Gemini's {@code Schema}, a subset of OpenAPI 3.0's.
 *
 * <p>Gemini rejects the whole request over one field it does not know ({@code additionalProperties},
 * {@code $schema}, {@code strict}...), so only its own fields are kept. What can be rewritten
 * without changing the meaning is: local {@code $ref}s and a one-schema {@code allOf} are inlined,
 * {@code oneOf} becomes {@code anyOf}, and a {@code null} type becomes {@code nullable}.
 */
final class GeminiSchemas {

    private static final Set<String> GEMINI_FIELDS = Set.of("type", "format", "title", "description", "nullable",
            "enum", "maxItems", "minItems", "properties", "required", "minProperties", "maxProperties", "minLength",
            "maxLength", "pattern", "example", "anyOf", "propertyOrdering", "default", "items", "minimum", "maximum");

    // Gemini refuses any other format on a string ("only 'enum' and 'date-time' are supported").
    private static final Set<String> STRING_FORMATS = Set.of("enum", "date-time");

    private GeminiSchemas() {
    }

    static ObjectNode clean(JsonNode schema, String path) {
        return clean(schema, schema, new ArrayDeque<>(), path);
    }

    private static ObjectNode clean(JsonNode schema, JsonNode root, Deque<String> refs, String path) {
        if (!(schema instanceof ObjectNode object)) {
            throw new IllegalArgumentException(path + " must be a JSON schema object");
        }
        if (object.has("$ref")) {
            var ref = object.get("$ref").asText();
            if (refs.contains(ref)) {
                throw new IllegalArgumentException(path + ".$ref '" + ref + "' is recursive, which Gemini cannot express");
            }
            refs.push(ref);
            var target = clean(resolve(ref, root, path + ".$ref"), root, refs, path);
            refs.pop();
            return overlay(target, clean(without(object, "$ref"), root, refs, path));
        }
        if (object.has("allOf")) {
            var all = object.get("allOf");
            if (!all.isArray() || all.size() != 1) {
                throw new IllegalArgumentException(path + ".allOf must hold exactly one schema to be sent to Gemini");
            }
            return overlay(clean(all.get(0), root, refs, path + ".allOf[0]"), clean(without(object, "allOf"), root, refs, path));
        }
        return fields(object, root, refs, path);
    }

    private static ObjectNode fields(ObjectNode schema, JsonNode root, Deque<String> refs, String path) {
        var out = NODES.objectNode();
        ObjectNode collapsed = null;
        for (var field : schema.properties()) {
            var key = field.getKey();
            var value = field.getValue();
            var at = path + "." + key;
            switch (key) {
                case "type" -> type(value, at, out);
                case "properties" -> properties(value, root, refs, at, out);
                case "items" -> out.set("items", clean(value, root, refs, at));
                case "anyOf", "oneOf" -> collapsed = anyOf(value, root, refs, at, out);
                case "const" -> {
                    if (!schema.has("enum")) {
                        out.putArray("enum").add(value.deepCopy());
                    }
                }
                default -> {
                    if (GEMINI_FIELDS.contains(key)) {
                        out.set(key, value.deepCopy());
                    }
                }
            }
        }
        if (collapsed != null) {
            collapsed.properties().forEach(field -> out.putIfAbsent(field.getKey(), field.getValue()));
        }
        dropUnsupportedFormat(out);
        return out;
    }

    private static void type(JsonNode type, String path, ObjectNode out) {
        if (type.isTextual()) {
            out.set("type", type);
            return;
        }
        ArrayNode others = NODES.arrayNode();
        for (var each : type) {
            if ("null".equals(each.asText())) {
                out.put("nullable", true);
            } else {
                others.add(each);
            }
        }
        if (!type.isArray() || others.size() != 1) {
            throw new IllegalArgumentException(path + " must name one type (besides null) to be sent to Gemini");
        }
        out.set("type", others.get(0));
    }

    private static void properties(JsonNode properties, JsonNode root, Deque<String> refs, String path, ObjectNode out) {
        if (!properties.isObject()) {
            throw new IllegalArgumentException(path + " must be an object");
        }
        // An empty map is dropped: Gemini says "should be non-empty for OBJECT type".
        if (properties.isEmpty()) {
            return;
        }
        var cleaned = out.putObject("properties");
        for (var property : properties.properties()) {
            cleaned.set(property.getKey(), clean(property.getValue(), root, refs, path + "." + property.getKey()));
        }
    }

    /** Keeps the alternatives that are not null; returns the one left, if only one is, to merge into the schema. */
    private static ObjectNode anyOf(JsonNode alternatives, JsonNode root, Deque<String> refs, String path, ObjectNode out) {
        if (!alternatives.isArray() || alternatives.isEmpty()) {
            throw new IllegalArgumentException(path + " must be a non-empty list of schemas");
        }
        var kept = NODES.arrayNode();
        for (int i = 0; i < alternatives.size(); i++) {
            var alternative = clean(alternatives.get(i), root, refs, path + "[" + i + "]");
            if (alternative.size() == 1 && "null".equals(alternative.path("type").asText())) {
                out.put("nullable", true);
            } else {
                kept.add(alternative);
            }
        }
        if (kept.size() == 1) {
            return (ObjectNode) kept.get(0);
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException(path + " must allow something besides null");
        }
        out.set("anyOf", kept);
        return null;
    }

    private static JsonNode resolve(String ref, JsonNode root, String path) {
        if (!ref.startsWith("#")) {
            throw new IllegalArgumentException(path + " '" + ref + "' must point inside the schema");
        }
        var target = root.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException(path + " '" + ref + "' points at nothing");
        }
        return target;
    }

    private static ObjectNode without(ObjectNode schema, String field) {
        var copy = schema.deepCopy();
        copy.remove(field);
        return copy;
    }

    /** The referenced schema, with the referring schema's own fields (a description, say) taking precedence. */
    private static ObjectNode overlay(ObjectNode target, ObjectNode own) {
        target.setAll(own);
        return target;
    }

    private static void dropUnsupportedFormat(ObjectNode schema) {
        var type = schema.path("type").asText("").toLowerCase(Locale.ROOT);
        if (type.equals("string") && !STRING_FORMATS.contains(schema.path("format").asText())) {
            schema.remove("format");
        }
    }
}
