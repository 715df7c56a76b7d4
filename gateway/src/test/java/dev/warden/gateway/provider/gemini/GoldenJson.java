package dev.warden.gateway.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** Golden JSON for the translation tests: compared as trees, so key order and number widths do not matter. */
final class GoldenJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GoldenJson() {
    }

    static ObjectNode json(String text) {
        return (ObjectNode) tree(text);
    }

    static void assertJson(JsonNode actual, String expected) {
        // Reparsed, so that a long written as 1 equals the int 1 read from the golden text.
        assertThat(tree(actual.toString())).isEqualTo(tree(expected));
    }

    private static JsonNode tree(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
