package dev.warden.gateway.provider;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Changes a request body's bytes in the two ways routing needs, every other byte kept: another
 * model in place of the top-level {@code "model"} string, and the stream option that asks an
 * OpenAI upstream for usage. Routing a request to a target whose model name differs from the one
 * asked for is the common case, and every stream needs usage; copying and re-serialising the whole
 * tree for either cost more than finding the one field by walking the bytes, or than writing one
 * field after the opening brace.
 */
final class BodySplice {

    private static final byte[] MODEL = "model".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USAGE_OPTION = "\"stream_options\":{\"include_usage\":true}".getBytes(StandardCharsets.US_ASCII);

    private BodySplice() {
    }

    /**
     * Finds the top-level {@code "model"} string by walking the body's bytes: strings are skipped
     * to their closing quote and nested values by their brackets, nothing is decoded and nothing
     * allocated. The body has been parsed already (it is the client's, and valid JSON), so the walk
     * only has to find the field; where it meets what it does not expect, or a top-level name
     * written with escapes (which could spell {@code model}), it declines and the tree is written
     * instead. A parser walking to the field cost a tokenisation of everything before it, which
     * for OpenAI's SDKs, which write {@code messages} first, was the whole conversation again.
     *
     * @return the body with {@code model} in place of its top-level model string, or null when the
     * body does not have exactly that shape (the caller then writes the tree instead)
     */
    static byte[] replaceModel(byte[] body, String model) {
        int n = body.length;
        int i = skipWhitespace(body, 0);
        if (i >= n || body[i] != '{') {
            return null;
        }
        i = skipWhitespace(body, i + 1);
        while (i < n && body[i] == '"') {
            int nameEnd = stringEnd(body, i);
            if (nameEnd < 0 || hasEscape(body, i + 1, nameEnd - 1)) {
                return null;
            }
            boolean isModel = Arrays.equals(body, i + 1, nameEnd - 1, MODEL, 0, MODEL.length);
            i = skipWhitespace(body, nameEnd);
            if (i >= n || body[i] != ':') {
                return null;
            }
            i = skipWhitespace(body, i + 1);
            if (isModel) {
                int valueEnd = i < n && body[i] == '"' ? stringEnd(body, i) : -1;
                return valueEnd < 0 ? null : splice(body, i, valueEnd, model);
            }
            i = valueEnd(body, i);
            if (i < 0) {
                return null;
            }
            i = skipWhitespace(body, i);
            if (i >= n || body[i] != ',') {
                return null; // the end of the object (no model), or not JSON
            }
            i = skipWhitespace(body, i + 1);
        }
        return null;
    }

    /** The index just past the string that opens at {@code quote}, or -1 when it does not close. */
    private static int stringEnd(byte[] body, int quote) {
        for (int i = quote + 1; i < body.length; i++) {
            if (body[i] == '\\') {
                i++;
            } else if (body[i] == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    /** The index just past the value that starts at {@code start}, or -1 when there is none. */
    private static int valueEnd(byte[] body, int start) {
        if (start >= body.length) {
            return -1;
        }
        byte first = body[start];
        if (first == '"') {
            return stringEnd(body, start);
        }
        if (first == '{' || first == '[') {
            int depth = 0;
            for (int i = start; i < body.length; i++) {
                byte b = body[i];
                if (b == '"') {
                    i = stringEnd(body, i);
                    if (i < 0) {
                        return -1;
                    }
                    i--; // the loop steps past the closing quote
                } else if (b == '{' || b == '[') {
                    depth++;
                } else if ((b == '}' || b == ']') && --depth == 0) {
                    return i + 1;
                }
            }
            return -1;
        }
        int i = start; // a number, true, false or null
        while (i < body.length && body[i] != ',' && body[i] != '}' && body[i] != ']' && !isWhitespace(body[i])) {
            i++;
        }
        return i > start ? i : -1;
    }

    private static boolean hasEscape(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] == '\\') {
                return true;
            }
        }
        return false;
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
        while (i < body.length && isWhitespace(body[i])) {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
