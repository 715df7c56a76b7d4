package dev.warden.gateway.api.anthropic;

import dev.warden.gateway.json.PooledJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON for this package, configured like the gateway's wire JSON so that numbers in tool input
 * keep the digits they were written with, and the shape checks that name a wrong field.
 */
final class Json {

    private static final ObjectMapper MAPPER = PooledJson.mapper()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Parses text that must be one JSON value, or returns null. */
    static JsonNode parseOrNull(String text) {
        try {
            var node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree is always serialisable", e);
        }
    }

    /** The field's text, or null when it is absent or not a string. */
    static String text(JsonNode node, String field) {
        var value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    static String requireText(JsonNode node, String field, String path) {
        var text = text(node, field);
        if (text == null) {
            throw invalid(path, node.hasNonNull(field) ? "expected a string" : "required");
        }
        return text;
    }

    static ArrayNode requireArray(JsonNode node, String field, String path) {
        var value = node.get(field);
        if (value instanceof ArrayNode array) {
            return array;
        }
        throw invalid(path, value == null || value.isNull() ? "required" : "expected an array");
    }

    /** Whether the field is present and not null. */
    static boolean present(JsonNode node, String field) {
        return node.hasNonNull(field);
    }

    /** An invalid request; the message starts with the field's path, up to the first colon. */
    static IllegalArgumentException invalid(String path, String problem) {
        return new IllegalArgumentException(path + ": " + problem);
    }
}
