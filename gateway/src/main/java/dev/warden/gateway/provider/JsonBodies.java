package dev.warden.gateway.provider;

import dev.warden.gateway.json.PooledJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** What every provider adapter does with JSON bodies: write a translated tree, read an upstream's answer, find its error message. */
public final class JsonBodies {

    private static final ObjectMapper JSON = PooledJson.mapper().build();

    private JsonBodies() {
    }

    public static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree is always serialisable", e);
        }
    }

    /**
     * @throws StreamFailure when the answer is not JSON
     */
    public static JsonNode read(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new StreamFailure("the answer is not valid JSON", e);
        }
    }

    /** {@code error.message}, the shape OpenAI, Anthropic and Gemini all use for it; null when absent. */
    public static String errorMessage(JsonNode body) {
        var message = body.path("error").path("message");
        return message.isTextual() ? message.asText() : null;
    }
}
