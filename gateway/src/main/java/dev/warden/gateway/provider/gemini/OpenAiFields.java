package dev.warden.gateway.provider.gemini;

import dev.warden.gateway.json.PooledJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Reads fields of OpenAI's request JSON, naming the field in the exception when one is not what OpenAI's API allows. */
final class OpenAiFields {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    // Without this, "42 apples" would parse as 42: Jackson stops after the first value by default.
    static final ObjectMapper JSON = PooledJson.mapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private OpenAiFields() {
    }

    /** The field as a string; it must be present. */
    static String requiredText(JsonNode node, String field, String path) {
        var value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(path + "." + field + " must be a string");
        }
        return value.asText();
    }

    /** The field as a string, or null when absent or null. */
    static String optionalText(JsonNode node, String field, String path) {
        var value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(path + "." + field + " must be a string");
        }
        return value.asText();
    }

    /** Whether the field is present with a value other than null. */
    static boolean present(JsonNode node, String field) {
        var value = node.get(field);
        return value != null && !value.isNull();
    }

    /** Parses JSON text; null when it is not JSON. */
    static JsonNode parseOrNull(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
