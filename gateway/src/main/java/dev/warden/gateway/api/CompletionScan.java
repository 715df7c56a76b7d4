package dev.warden.gateway.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * What the gateway needs from a whole canonical completion: that the body is one JSON object, and
 * its token usage. Read without a tree: an OpenAI client gets the bytes as they are, so building a
 * tree for this cost as much as the rest of the response's relay; a surface that translates the
 * answer builds its own. The usual body is read in one pass over its bytes ({@link CompletionBytes}),
 * anything else with a streaming parser.
 *
 * @param usage            whether the completion has a {@code usage} object
 * @param promptTokens     {@code usage.prompt_tokens}, or null when absent or not an int
 * @param completionTokens {@code usage.completion_tokens}, likewise
 */
record CompletionScan(boolean usage, Integer promptTokens, Integer completionTokens) {

    /** @return the scan, or null when the body is not exactly one well-formed JSON object */
    static CompletionScan of(byte[] body, JsonFactory factory) {
        var decided = CompletionBytes.scan(body);
        return decided != null ? decided : parsed(body, factory);
    }

    /**
     * The parser's answer, for what {@link CompletionBytes} leaves to it: a strict parser (names
     * unique at every level) tokenises the whole body.
     */
    static CompletionScan parsed(byte[] body, JsonFactory factory) {
        try (var parser = factory.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            boolean usage = false;
            Integer prompt = null;
            Integer completion = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean isUsage = "usage".equals(parser.currentName());
                if (parser.nextToken() == JsonToken.START_OBJECT && isUsage) {
                    usage = true;
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        var field = parser.currentName();
                        parser.nextToken();
                        if ("prompt_tokens".equals(field)) {
                            prompt = integer(parser);
                        } else if ("completion_tokens".equals(field)) {
                            completion = integer(parser);
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
            return parser.nextToken() == null ? new CompletionScan(usage, prompt, completion) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** As {@code JsonNode.canConvertToInt()} then {@code intValue()} would read it. */
    private static Integer integer(JsonParser parser) throws IOException {
        var token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getNumberType() == JsonParser.NumberType.INT ? parser.getIntValue() : null;
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            double value = parser.getDoubleValue();
            return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? (int) value : null;
        }
        parser.skipChildren();
        return null;
    }
}
