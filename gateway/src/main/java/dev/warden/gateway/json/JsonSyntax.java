package dev.warden.gateway.json;

/**
 * Whether text is one well-formed JSON object (RFC 8259), decided in one pass over its characters
 * without building or allocating anything. Every event of every relayed stream is checked: a
 * parser, even one that only tokenises, copied each event into its own buffers and allocated its
 * contexts, about an eighth of the CPU a relayed event cost.
 *
 * <p>It accepts what a strict parser accepts (no comments, no trailing commas, no leading zeros, no
 * unescaped control characters in strings, no NaN) and nests at most {@link #MAX_DEPTH} deep, the
 * limit the gateway's parser has too. Unlike that parser it sets no limit on the length of a
 * number, which the grammar does not either.
 */
public final class JsonSyntax {

    /** The deepest nesting accepted, as Jackson's default read constraints. */
    public static final int MAX_DEPTH = 1000;

    private JsonSyntax() {
    }

    public static boolean isObject(CharSequence text) {
        int n = text.length();
        int i = whitespace(text, 0, n);
        if (i == n || text.charAt(i) != '{') {
            return false;
        }
        // Which open containers are objects, one bit per level; deeper than 64 levels is rare.
        long shallow = 0;
        long[] deep = null;
        int depth = 0;
        while (true) {
            // At the start of a value.
            i = whitespace(text, i, n);
            if (i == n) {
                return false;
            }
            char c = text.charAt(i);
            if (c == '{' || c == '[') {
                if (depth == MAX_DEPTH) {
                    return false;
                }
                boolean object = c == '{';
                if (depth < 64) {
                    shallow = object ? shallow | (1L << depth) : shallow & ~(1L << depth);
                } else {
                    if (deep == null) {
                        deep = new long[(MAX_DEPTH + 63) / 64];
                    }
                    int word = depth / 64;
                    deep[word] = object ? deep[word] | (1L << depth) : deep[word] & ~(1L << depth);
                }
                depth++;
                i = whitespace(text, i + 1, n);
                if (i == n) {
                    return false;
                }
                if (text.charAt(i) != (object ? '}' : ']')) {
                    if (object) {
                        i = member(text, i, n);
                        if (i < 0) {
                            return false;
                        }
                    }
                    continue;
                }
                i++;
                depth--;
            } else {
                i = scalar(text, i, n, c);
                if (i < 0) {
                    return false;
                }
            }
            // After a whole value: close what ends here, then on to the next element.
            while (true) {
                i = whitespace(text, i, n);
                if (depth == 0) {
                    return i == n;
                }
                if (i == n) {
                    return false;
                }
                c = text.charAt(i);
                int level = depth - 1;
                boolean object = level < 64 ? (shallow & (1L << level)) != 0 : (deep[level / 64] & (1L << level)) != 0;
                if (c == ',') {
                    i++;
                    if (object) {
                        i = member(text, whitespace(text, i, n), n);
                        if (i < 0) {
                            return false;
                        }
                    }
                    break;
                }
                if (c != (object ? '}' : ']')) {
                    return false;
                }
                i++;
                depth--;
            }
        }
    }

    /** A member's name and colon from {@code i}; the position after the colon, or -1. */
    private static int member(CharSequence text, int i, int n) {
        if (i == n || text.charAt(i) != '"') {
            return -1;
        }
        i = whitespace(text, string(text, i, n), n);
        if (i < 0 || i == n || text.charAt(i) != ':') {
            return -1;
        }
        return i + 1;
    }

    /** A string, number or literal starting with {@code c} at {@code i}; the position after it, or -1. */
    private static int scalar(CharSequence text, int i, int n, char c) {
        return switch (c) {
            case '"' -> string(text, i, n);
            case 't' -> literal(text, i, n, "true");
            case 'f' -> literal(text, i, n, "false");
            case 'n' -> literal(text, i, n, "null");
            default -> c == '-' || (c >= '0' && c <= '9') ? number(text, i, n) : -1;
        };
    }

    private static int string(CharSequence text, int i, int n) {
        i++;
        while (i < n) {
            char c = text.charAt(i++);
            if (c == '"') {
                return i;
            }
            if (c < 0x20) {
                return -1;
            }
            if (c == '\\') {
                if (i == n) {
                    return -1;
                }
                switch (text.charAt(i++)) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> { }
                    case 'u' -> {
                        if (i + 4 > n) {
                            return -1;
                        }
                        for (int end = i + 4; i < end; i++) {
                            if (!hexDigit(text.charAt(i))) {
                                return -1;
                            }
                        }
                    }
                    default -> {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }

    /** ASCII only: {@code Character.digit} would take other scripts' digits and fullwidth letters. */
    private static boolean hexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int number(CharSequence text, int i, int n) {
        if (text.charAt(i) == '-') {
            i++;
        }
        if (i == n) {
            return -1;
        }
        if (text.charAt(i) == '0') {
            i++;
        } else {
            int start = i;
            i = digits(text, i, n);
            if (i == start) {
                return -1;
            }
        }
        if (i < n && text.charAt(i) == '.') {
            int start = ++i;
            i = digits(text, i, n);
            if (i == start) {
                return -1;
            }
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int start = i;
            i = digits(text, i, n);
            if (i == start) {
                return -1;
            }
        }
        return i;
    }

    private static int digits(CharSequence text, int i, int n) {
        while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static int literal(CharSequence text, int i, int n, String word) {
        int end = i + word.length();
        if (end > n) {
            return -1;
        }
        for (int k = 0; k < word.length(); k++) {
            if (text.charAt(i + k) != word.charAt(k)) {
                return -1;
            }
        }
        return end;
    }

    private static int whitespace(CharSequence text, int i, int n) {
        if (i < 0) {
            return i;
        }
        while (i < n) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }
}
