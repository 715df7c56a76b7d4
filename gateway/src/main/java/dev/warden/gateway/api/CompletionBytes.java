package dev.warden.gateway.api;

import dev.warden.gateway.json.JsonBytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The common case of {@link CompletionScan}, decided in one pass over the body's bytes: strict
 * JSON (RFC 8259, well-formed UTF-8), member names without escapes, no name twice in one object,
 * token counts written as small integers, and sizes far inside the parser's limits. Jackson's
 * tokeniser took two to three times as long to say the same of such a body. The tokens themselves
 * are read by {@link JsonBytes}; what is here is the object's shape, repeated names and the counts.
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

    private static final int UNDECIDED = JsonBytes.INVALID;

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
        int i = JsonBytes.whitespace(body, 0);
        if (i == body.length || body[i] != '{') {
            return null;
        }
        i = scan.object(i, 1, Level.TOP);
        if (i == UNDECIDED || JsonBytes.whitespace(body, i) != body.length) {
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
        i = JsonBytes.whitespace(body, i + 1);
        if (i < n && body[i] == '}') {
            return i + 1;
        }
        while (true) {
            if (i == n || body[i] != '"') {
                return UNDECIDED;
            }
            int nameStart = i + 1;
            int nameEnd = JsonBytes.plainName(body, nameStart, MAX_NAME_BYTES);
            if (nameEnd == UNDECIDED || !firstOfItsName(base, nameStart, nameEnd)) {
                return UNDECIDED;
            }
            i = JsonBytes.whitespace(body, nameEnd + 1);
            if (i == n || body[i] != ':') {
                return UNDECIDED;
            }
            i = JsonBytes.whitespace(body, i + 1);
            if (i == n) {
                return UNDECIDED;
            }
            i = member(i, depth, level, nameStart, nameEnd);
            if (i == UNDECIDED) {
                return UNDECIDED;
            }
            i = JsonBytes.whitespace(body, i);
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
            i = JsonBytes.whitespace(body, i + 1);
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
            case '"' -> JsonBytes.string(body, i + 1);
            case 't' -> JsonBytes.literal(body, i, "true");
            case 'f' -> JsonBytes.literal(body, i, "false");
            case 'n' -> JsonBytes.literal(body, i, "null");
            default -> JsonBytes.number(body, i, MAX_NUMBER_BYTES);
        };
    }

    private int array(int i, int depth) {
        if (depth > MAX_DEPTH) {
            return UNDECIDED;
        }
        i = JsonBytes.whitespace(body, i + 1);
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
            i = JsonBytes.whitespace(body, i);
            if (i == n) {
                return UNDECIDED;
            }
            if (body[i] == ']') {
                return i + 1;
            }
            if (body[i] != ',') {
                return UNDECIDED;
            }
            i = JsonBytes.whitespace(body, i + 1);
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

    /** A token count: an integer of at most {@link #MAX_COUNT_DIGITS} digits; the position after it. */
    private int count(int i) {
        int start = body[i] == '-' ? i + 1 : i;
        int end = JsonBytes.digits(body, start);
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

    private boolean named(int start, int end, byte[] name) {
        return end - start == name.length && Arrays.equals(body, start, end, name, 0, name.length);
    }
}
