package dev.warden.gateway.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;

/**
 * Writes another model into a request body's bytes: the top-level {@code "model"} string is cut out
 * and the new one put in its place, every other byte kept. Routing a request to a target whose
 * model name differs from the one asked for is the common case, and copying and re-serialising the
 * whole tree for it cost more than finding the one field with a streaming parser.
 */
final class ModelSplice {

    private ModelSplice() {
    }

    /**
     * @return the body with {@code model} in place of its top-level model string, or null when the
     * body does not have exactly that shape (the caller then writes the tree instead)
     */
    static byte[] replace(byte[] body, String model, JsonFactory factory) {
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
}
