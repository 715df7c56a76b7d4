package dev.warden.gateway.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Changes a request body's bytes in the two ways routing needs, every other byte kept: another
 * model in place of the top-level {@code "model"} string, and the stream option that asks an
 * OpenAI upstream for usage. Routing a request to a target whose model name differs from the one
 * asked for is the common case, and every stream needs usage; copying and re-serialising the whole
 * tree for either cost more than finding the one field with a streaming parser, or than writing
 * one field after the opening brace.
 */
final class BodySplice {

    private static final byte[] USAGE_OPTION = "\"stream_options\":{\"include_usage\":true}".getBytes(StandardCharsets.US_ASCII);

    private BodySplice() {
    }

    /**
     * @return the body with {@code model} in place of its top-level model string, or null when the
     * body does not have exactly that shape (the caller then writes the tree instead)
     */
    static byte[] replaceModel(byte[] body, String model, JsonFactory factory) {
        try (var parser = factory.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean isModel = "model".equals(parser.currentName());
                var value = parser.nextToken();
                if (!isModel) {
                    parser.skipChildren();
                    continue;
                }
                if (value != JsonToken.VALUE_STRING) {
                    return null;
                }
                long start = parser.currentTokenLocation().getByteOffset();
                parser.finishToken();
                long end = parser.currentLocation().getByteOffset();
                if (start < 0 || end <= start || end > body.length || body[(int) start] != '"' || body[(int) end - 1] != '"') {
                    return null;
                }
                return splice(body, (int) start, (int) end, model);
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] splice(byte[] body, int start, int end, String model) {
        byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(model);
        var out = new byte[body.length - (end - start) + quoted.length + 2];
        System.arraycopy(body, 0, out, 0, start);
        out[start] = '"';
        System.arraycopy(quoted, 0, out, start + 1, quoted.length);
        out[start + 1 + quoted.length] = '"';
        System.arraycopy(body, end, out, start + quoted.length + 2, body.length - end);
        return out;
    }

    /**
     * @return the body with {@code "stream_options":{"include_usage":true}} as its first field, or
     * null when it does not start as a JSON object. The caller makes sure the body has no top-level
     * {@code stream_options} (JSON objects are unordered, so first is as good as anywhere, but a
     * second one would be a duplicate key).
     */
    static byte[] addUsageOption(byte[] body) {
        int brace = skipWhitespace(body, 0);
        if (brace >= body.length || body[brace] != '{') {
            return null;
        }
        int next = skipWhitespace(body, brace + 1);
        if (next >= body.length) {
            return null;
        }
        boolean empty = body[next] == '}';
        int insert = brace + 1;
        var out = new byte[body.length + USAGE_OPTION.length + (empty ? 0 : 1)];
        System.arraycopy(body, 0, out, 0, insert);
        System.arraycopy(USAGE_OPTION, 0, out, insert, USAGE_OPTION.length);
        int rest = insert + USAGE_OPTION.length;
        if (!empty) {
            out[rest++] = ',';
        }
        System.arraycopy(body, insert, out, rest, body.length - insert);
        return out;
    }

    private static int skipWhitespace(byte[] body, int from) {
        int i = from;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r')) {
            i++;
        }
        return i;
    }
}
