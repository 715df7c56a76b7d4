package dev.warden.gateway.provider.anthropic;

import dev.warden.gateway.json.PooledJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON for this package, configured like the gateway's wire JSON so that numbers in tool
 * arguments keep the digits the model wrote and trailing garbage is not mistaken for JSON.
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

    /** Parses text that must be one JSON value; an empty text is not one. */
    static JsonNode parse(String text) throws JsonProcessingException {
        var node = MAPPER.readTree(text);
        if (node == null || node.isMissingNode()) {
            throw new JsonParseFailure("no JSON value");
        }
        return node;
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

    /** An untranslatable request; the message starts with the field's path, up to the first colon. */
    static IllegalArgumentException invalid(String path, String problem) {
        return new IllegalArgumentException(path + ": " + problem);
    }

    private static final class JsonParseFailure extends JsonProcessingException {
        JsonParseFailure(String message) {
            super(message);
        }
    }
}
