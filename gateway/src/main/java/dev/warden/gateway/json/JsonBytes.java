package dev.warden.gateway.json;

/**
 * JSON's tokens over UTF-8 bytes, for one-pass readers that decide without a parser: each method
 * takes the position where a token starts and answers the position after it, or {@link #INVALID}
 * when the bytes there are not that token as RFC 8259 writes it (strings also in well-formed UTF-8,
 * RFC 3629). Nothing is decoded or allocated. {@link JsonSyntax} does the same over characters.
 */
public final class JsonBytes {

    /** What a method answers when the bytes are not its token. */
    public static final int INVALID = -1;

    private JsonBytes() {
    }

    /**
     * A string without escapes (a member name to compare byte for byte) from its first byte, at most
     * {@code maxBytes} long; the position of its closing quote, or {@link #INVALID}.
     */
    public static int plainName(byte[] body, int i, int maxBytes) {
        int limit = Math.min(body.length, i + maxBytes + 1);
        while (i < limit) {
            int c = body[i];
            if (c >= 0x20 && c != '"' && c != '\\') {
                i++;
                continue;
            }
            if (c == '"') {
                return i;
            }
            if (c >= 0) {
                return INVALID; // a control character or an escape
            }
            i = utf8(body, i, c & 0xFF);
            if (i == INVALID) {
                return INVALID;
            }
        }
        return INVALID;
    }

    /** A string from its first byte; the position after its closing quote, or {@link #INVALID}. */
    public static int string(byte[] body, int i) {
        while (i < body.length) {
            // Bytes are signed: printable ASCII is all this loop sees of most strings.
            int c = body[i];
            if (c >= 0x20 && c != '"' && c != '\\') {
                i++;
                continue;
            }
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                i = escape(body, i + 1);
            } else if (c < 0) {
                i = utf8(body, i, c & 0xFF);
            } else {
                return INVALID; // a control character
            }
            if (i == INVALID) {
                return INVALID;
            }
        }
        return INVALID;
    }

    /** The escape after a backslash at {@code i - 1}; the position after it. */
    private static int escape(byte[] body, int i) {
        if (i == body.length) {
            return INVALID;
        }
        switch (body[i]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return i + 1;
            }
            case 'u' -> {
                if (i + 5 > body.length) {
                    return INVALID;
                }
                for (int k = i + 1; k <= i + 4; k++) {
                    byte h = body[k];
                    if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) {
                        return INVALID;
                    }
                }
                return i + 5;
            }
            default -> {
                return INVALID;
            }
        }
    }

    /** A well-formed UTF-8 sequence of two to four bytes led by {@code lead} at {@code i} (RFC 3629). */
    private static int utf8(byte[] body, int i, int lead) {
        int length;
        int low = 0x80;
        int high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                low = 0xA0;
            } else if (lead == 0xED) {
                high = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                low = 0x90;
            } else if (lead == 0xF4) {
                high = 0x8F;
            }
        } else {
            return INVALID;
        }
        if (i + length > body.length) {
            return INVALID;
        }
        int second = body[i + 1] & 0xFF;
        if (second < low || second > high) {
            return INVALID;
        }
        for (int k = i + 2; k < i + length; k++) {
            if ((body[k] & 0xC0) != 0x80) {
                return INVALID;
            }
        }
        return i + length;
    }

    /** A number as JSON writes it, at most {@code maxBytes} long; the position after it, or {@link #INVALID}. */
    public static int number(byte[] body, int i, int maxBytes) {
        int start = i;
        if (body[i] == '-') {
            i++;
        }
        if (i == body.length) {
            return INVALID;
        }
        if (body[i] == '0') {
            i++;
        } else {
            int digits = i;
            i = digits(body, i);
            if (i == digits) {
                return INVALID;
            }
        }
        if (i < body.length && body[i] == '.') {
            int digits = ++i;
            i = digits(body, i);
            if (i == digits) {
                return INVALID;
            }
        }
        if (i < body.length && (body[i] == 'e' || body[i] == 'E')) {
            i++;
            if (i < body.length && (body[i] == '+' || body[i] == '-')) {
                i++;
            }
            int digits = i;
            i = digits(body, i);
            if (i == digits) {
                return INVALID;
            }
        }
        return i - start > maxBytes ? INVALID : i;
    }

    /**
     * Any value from its first byte, objects and arrays read to their end: at most {@code maxDepth}
     * of them nested, numbers at most {@code maxNumberBytes} long. The position after it, or
     * {@link #INVALID}.
     */
    public static int value(byte[] body, int i, int maxDepth, int maxNumberBytes) {
        return value(body, i, 1, maxDepth, maxNumberBytes);
    }

    private static int value(byte[] body, int i, int depth, int maxDepth, int maxNumberBytes) {
        if (i >= body.length) {
            return INVALID;
        }
        return switch (body[i]) {
            case '"' -> string(body, i + 1);
            case 't' -> literal(body, i, "true");
            case 'f' -> literal(body, i, "false");
            case 'n' -> literal(body, i, "null");
            case '{', '[' -> depth > maxDepth ? INVALID : container(body, i, depth, maxDepth, maxNumberBytes);
            default -> number(body, i, maxNumberBytes);
        };
    }

    private static int container(byte[] body, int i, int depth, int maxDepth, int maxNumberBytes) {
        boolean object = body[i] == '{';
        byte close = (byte) (object ? '}' : ']');
        i = whitespace(body, i + 1);
        if (i < body.length && body[i] == close) {
            return i + 1;
        }
        while (i < body.length) {
            if (object) {
                if (body[i] != '"' || (i = string(body, i + 1)) == INVALID) {
                    return INVALID;
                }
                i = whitespace(body, i);
                if (i >= body.length || body[i] != ':') {
                    return INVALID;
                }
                i = whitespace(body, i + 1);
            }
            i = value(body, i, depth + 1, maxDepth, maxNumberBytes);
            if (i == INVALID) {
                return INVALID;
            }
            i = whitespace(body, i);
            if (i < body.length && body[i] == ',') {
                i = whitespace(body, i + 1);
            } else if (i < body.length && body[i] == close) {
                return i + 1;
            } else {
                return INVALID;
            }
        }
        return INVALID;
    }

    public static int digits(byte[] body, int i) {
        while (i < body.length && body[i] >= '0' && body[i] <= '9') {
            i++;
        }
        return i;
    }

    public static int literal(byte[] body, int i, String word) {
        int end = i + word.length();
        if (end > body.length) {
            return INVALID;
        }
        for (int k = 0; k < word.length(); k++) {
            if (body[i + k] != word.charAt(k)) {
                return INVALID;
            }
        }
        return end;
    }

    public static int whitespace(byte[] body, int i) {
        while (i < body.length) {
            byte c = body[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }
}
