package dev.warden.gateway.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The common case of {@link CompletionScan}, decided in one pass over the body's bytes: strict
 * JSON (RFC 8259, well-formed UTF-8), member names without escapes, no name twice in one object,
 * token counts written as small integers, and sizes far inside the parser's limits. Jackson's
 * tokeniser took 5% of a relayed request's CPU to say the same of such a body.
 *
 * <p>It only ever answers when the parser would answer the same: on anything outside that case,
 * valid or not (an escaped or repeated name, a count written as {@code 12.0}, a byte order mark,
 * deep nesting, a syntax error), it answers nothing and the parser decides.
 */
final class CompletionBytes {

    /** Deeper bodies are left to the parser, whose own limit is far above this. */
    private static final int MAX_DEPTH = 64;
    /** Names compared pairwise for repeats; an object with more is left to the parser. */
    private static final int MAX_MEMBERS = 64;
    private static final int MAX_NAME_BYTES = 1_000;
    private static final int MAX_NUMBER_BYTES = 100;
    /** Far below the parser's longest string (twenty million characters). */
    private static final int MAX_BODY_BYTES = 4 << 20;
    /** Token counts with more digits may not fit an int; the parser decides those. */
    private static final int MAX_COUNT_DIGITS = 9;

    private static final int UNDECIDED = -1;

    private static final byte[] USAGE = "usage".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROMPT_TOKENS = "prompt_tokens".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMPLETION_TOKENS = "completion_tokens".getBytes(StandardCharsets.US_ASCII);

    private enum Level { TOP, USAGE, OTHER }

    private final byte[] body;
    private final int n;
    /** The names of the objects open now, as {start, end} pairs, innermost object's last. */
    private int[] names = new int[32];
    private int namesTop;
    private boolean usage;
    private Integer promptTokens;
    private Integer completionTokens;

    private CompletionBytes(byte[] body) {
        this.body = body;
        this.n = body.length;
    }

    /** @return the scan, or null when the parser must decide */
    static CompletionScan scan(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            return null;
        }
        var scan = new CompletionBytes(body);
        int i = scan.whitespace(0);
        if (i == body.length || body[i] != '{') {
            return null;
        }
        i = scan.object(i, 1, Level.TOP);
        if (i == UNDECIDED || scan.whitespace(i) != body.length) {
            return null;
        }
        return new CompletionScan(scan.usage, scan.promptTokens, scan.completionTokens);
    }

    /** An object from its '{' at {@code i}; the position after its '}', or {@link #UNDECIDED}. */
    private int object(int i, int depth, Level level) {
        if (depth > MAX_DEPTH) {
            return UNDECIDED;
        }
        int base = namesTop;
        i = whitespace(i + 1);
        if (i < n && body[i] == '}') {
            return i + 1;
        }
        while (true) {
            if (i == n || body[i] != '"') {
                return UNDECIDED;
            }
            int nameStart = i + 1;
            int nameEnd = name(nameStart);
            if (nameEnd == UNDECIDED || !firstOfItsName(base, nameStart, nameEnd)) {
                return UNDECIDED;
            }
            i = whitespace(nameEnd + 1);
            if (i == n || body[i] != ':') {
                return UNDECIDED;
            }
            i = whitespace(i + 1);
            if (i == n) {
                return UNDECIDED;
            }
            i = member(i, depth, level, nameStart, nameEnd);
            if (i == UNDECIDED) {
                return UNDECIDED;
            }
            i = whitespace(i);
            if (i == n) {
                return UNDECIDED;
            }
            if (body[i] == '}') {
                namesTop = base;
                return i + 1;
            }
            if (body[i] != ',') {
                return UNDECIDED;
            }
            i = whitespace(i + 1);
        }
    }

    /** A member's value at {@code i}, read for what the gateway needs where it is one of its fields. */
    private int member(int i, int depth, Level level, int nameStart, int nameEnd) {
        if (level == Level.TOP && body[i] == '{' && named(nameStart, nameEnd, USAGE)) {
            usage = true;
            return object(i, depth + 1, Level.USAGE);
        }
        if (level == Level.USAGE) {
            if (named(nameStart, nameEnd, PROMPT_TOKENS)) {
                int end = count(i);
                if (end != UNDECIDED) {
                    promptTokens = parseCount(i, end);
                }
                return end;
            }
            if (named(nameStart, nameEnd, COMPLETION_TOKENS)) {
                int end = count(i);
                if (end != UNDECIDED) {
                    completionTokens = parseCount(i, end);
                }
                return end;
            }
        }
        return value(i, depth);
    }

    private int value(int i, int depth) {
        return switch (body[i]) {
            case '{' -> object(i, depth + 1, Level.OTHER);
            case '[' -> array(i, depth + 1);
            case '"' -> string(i + 1);
            case 't' -> literal(i, "true");
            case 'f' -> literal(i, "false");
            case 'n' -> literal(i, "null");
            default -> number(i);
        };
    }

    private int array(int i, int depth) {
        if (depth > MAX_DEPTH) {
            return UNDECIDED;
        }
        i = whitespace(i + 1);
        if (i < n && body[i] == ']') {
            return i + 1;
        }
        while (true) {
            if (i == n) {
                return UNDECIDED;
            }
            i = value(i, depth);
            if (i == UNDECIDED) {
                return UNDECIDED;
            }
            i = whitespace(i);
            if (i == n) {
                return UNDECIDED;
            }
            if (body[i] == ']') {
                return i + 1;
            }
            if (body[i] != ',') {
                return UNDECIDED;
            }
            i = whitespace(i + 1);
        }
    }

    /** Whether no earlier member of the object whose names start at {@code base} has this name; records it. */
    private boolean firstOfItsName(int base, int start, int end) {
        int length = end - start;
        for (int k = base; k < namesTop; k += 2) {
            if (names[k + 1] - names[k] == length && Arrays.equals(body, names[k], names[k + 1], body, start, end)) {
                return false;
            }
        }
        if (namesTop - base == 2 * MAX_MEMBERS) {
            return false;
        }
        if (namesTop + 2 > names.length) {
            names = Arrays.copyOf(names, names.length * 2);
        }
        names[namesTop++] = start;
        names[namesTop++] = end;
        return true;
    }

    /** A name without escapes from its first byte; the position of its closing quote, or {@link #UNDECIDED}. */
    private int name(int i) {
        int limit = Math.min(n, i + MAX_NAME_BYTES + 1);
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
                return UNDECIDED; // a control character or an escape
            }
            i = utf8(i, c & 0xFF);
            if (i == UNDECIDED) {
                return UNDECIDED;
            }
        }
        return UNDECIDED;
    }

    /** A string from its first byte; the position after its closing quote, or {@link #UNDECIDED}. */
    private int string(int i) {
        while (i < n) {
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
                i = escape(i + 1);
            } else if (c < 0) {
                i = utf8(i, c & 0xFF);
            } else {
                return UNDECIDED; // a control character
            }
            if (i == UNDECIDED) {
                return UNDECIDED;
            }
        }
        return UNDECIDED;
    }

    /** The escape after a backslash at {@code i - 1}; the position after it. */
    private int escape(int i) {
        if (i == n) {
            return UNDECIDED;
        }
        switch (body[i]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return i + 1;
            }
            case 'u' -> {
                if (i + 5 > n) {
                    return UNDECIDED;
                }
                for (int k = i + 1; k <= i + 4; k++) {
                    byte h = body[k];
                    if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) {
                        return UNDECIDED;
                    }
                }
                return i + 5;
            }
            default -> {
                return UNDECIDED;
            }
        }
    }

    /** A well-formed UTF-8 sequence of two to four bytes led by {@code lead} at {@code i} (RFC 3629). */
    private int utf8(int i, int lead) {
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
            return UNDECIDED;
        }
        if (i + length > n) {
            return UNDECIDED;
        }
        int second = body[i + 1] & 0xFF;
        if (second < low || second > high) {
            return UNDECIDED;
        }
        for (int k = i + 2; k < i + length; k++) {
            if ((body[k] & 0xC0) != 0x80) {
                return UNDECIDED;
            }
        }
        return i + length;
    }

    /** A number as JSON writes it; the position after it. */
    private int number(int i) {
        int start = i;
        if (body[i] == '-') {
            i++;
        }
        if (i == n) {
            return UNDECIDED;
        }
        if (body[i] == '0') {
            i++;
        } else {
            int digits = i;
            i = digits(i);
            if (i == digits) {
                return UNDECIDED;
            }
        }
        if (i < n && body[i] == '.') {
            int digits = ++i;
            i = digits(i);
            if (i == digits) {
                return UNDECIDED;
            }
        }
        if (i < n && (body[i] == 'e' || body[i] == 'E')) {
            i++;
            if (i < n && (body[i] == '+' || body[i] == '-')) {
                i++;
            }
            int digits = i;
            i = digits(i);
            if (i == digits) {
                return UNDECIDED;
            }
        }
        return i - start > MAX_NUMBER_BYTES ? UNDECIDED : i;
    }

    /** A token count: an integer of at most {@link #MAX_COUNT_DIGITS} digits; the position after it. */
    private int count(int i) {
        int start = body[i] == '-' ? i + 1 : i;
        int end = digits(start);
        if (end == start || end - start > MAX_COUNT_DIGITS || (body[start] == '0' && end - start > 1)) {
            return UNDECIDED;
        }
        // A fraction or exponent after it is left to the parser by the object's next character.
        return end;
    }

    private int parseCount(int i, int end) {
        boolean negative = body[i] == '-';
        int value = 0;
        for (int k = negative ? i + 1 : i; k < end; k++) {
            value = value * 10 + (body[k] - '0');
        }
        return negative ? -value : value;
    }

    private int digits(int i) {
        while (i < n && body[i] >= '0' && body[i] <= '9') {
            i++;
        }
        return i;
    }

    private int literal(int i, String word) {
        int end = i + word.length();
        if (end > n) {
            return UNDECIDED;
        }
        for (int k = 0; k < word.length(); k++) {
            if (body[i + k] != word.charAt(k)) {
                return UNDECIDED;
            }
        }
        return end;
    }

    private boolean named(int start, int end, byte[] name) {
        return end - start == name.length && Arrays.equals(body, start, end, name, 0, name.length);
    }

    private int whitespace(int i) {
        while (i < n) {
            byte c = body[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }
}
