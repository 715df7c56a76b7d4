package dev.warden.gateway.decisionlog;

import dev.warden.gateway.json.JsonBytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Spooled decision records ({@link SpoolFormat}'s JSON) as rows of PostgreSQL's {@code COPY} text
 * format, in the order of {@link #COLUMNS}. Given the records as one {@code jsonb} array, PostgreSQL
 * spent about as much CPU per record parsing it and picking out its fields as on the row and its
 * indexes; through {@code COPY} it parses plain columns as text and only the five {@code jsonb}
 * columns as JSON. The translation here is one pass over each record's bytes: names are matched
 * byte for byte, strings are unescaped from JSON and escaped for {@code COPY}, and everything else
 * is copied as it is.
 *
 * <p>A record in a shape this does not know (a field of another JSON type than the spool writes,
 * JSON that does not parse) is refused whole, and the caller stores the batch another way. What it
 * does accept, PostgreSQL stores as {@link PostgresDecisionWriter}'s JSON statement would: absent
 * and null fields become the columns' defaults, U+0000 (which PostgreSQL cannot store) becomes
 * U+FFFD, and unknown fields are skipped.
 */
final class CopyRows {

    /** The columns each row holds, in order, as {@code COPY decisions (...)} names them. */
    static final String COLUMNS = "id, created_at, key_id, team, user_id, endpoint, stream, model_requested, route, provider, "
            + "model_used, status, outcome, error_type, reason, bundle_revision, fallback_used, attempts, tokens_in, tokens_out, "
            + "latency_ms, overhead_ms, ttft_ms, git_commit, matched_rules, labels, audit_flags, redactions, cost_usd, "
            + "request_body, response_body, intent";

    /** What JSON a column takes, and what it holds when the field is absent or null. */
    private enum Kind { TEXT, NUMBER, BOOLEAN, JSON }

    private record Column(String field, Kind kind, byte[] absent) {
    }

    /** Top-level fields by column position; the principal's three come from its own object (see {@link #PRINCIPAL}). */
    private static final Column[] FIELDS = {
        text("id"), text("createdAt"), null, null, null, text("endpoint"), new Column("stream", Kind.BOOLEAN, bytes("f")),
        text("modelRequested"), text("route"), text("provider"), text("modelUsed"), number("status"), text("outcome"),
        text("errorType"), text("reason"), text("bundleRevision"), new Column("fallbackUsed", Kind.BOOLEAN, bytes("f")),
        json("attempts", "[]"), number("tokensIn"), number("tokensOut"), number("latencyMs"), number("overheadMs"),
        number("ttftMs"), text("gitCommit"), json("matchedRules", "[]"), json("labels", "{}"), json("auditFlags", "[]"),
        json("redactions", "{}"), number("costUsd"), text("requestBody"), text("responseBody"), text("intent"),
    };
    private static final int COLUMN_COUNT = FIELDS.length;
    private static final byte[] PRINCIPAL_NAME = bytes("principal");
    /** The principal object's fields and the columns they fill; its key's name is not stored. */
    private static final byte[][] PRINCIPAL = {bytes("keyId"), bytes("team"), bytes("user")};
    private static final int FIRST_PRINCIPAL_COLUMN = 2;
    private static final byte[][] NAMES = new byte[COLUMN_COUNT][];

    static {
        for (int c = 0; c < COLUMN_COUNT; c++) {
            NAMES[c] = FIELDS[c] == null ? null : bytes(FIELDS[c].field());
        }
    }

    /** Deeper than any record the spool writes; a bound so that no payload can exhaust the stack. */
    private static final int MAX_DEPTH = 64;
    private static final int NUMBER_BYTES = 64;
    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] REPLACEMENT = "\uFFFD".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ESCAPED_REPLACEMENT = bytes("uFFFD");

    // Where each column's value lies in the record being read: its first byte and the byte after it.
    private final int[] starts = new int[COLUMN_COUNT];
    private final int[] ends = new int[COLUMN_COUNT];
    private byte[] out;
    private int length;

    CopyRows(int capacity) {
        out = new byte[capacity];
    }

    /** The rows appended since the last {@link #clear()}, in {@code [0, length())}. */
    byte[] bytes() {
        return out;
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    /**
     * Appends the record's row; false, with nothing appended, when the record is not JSON of the
     * spool's shape.
     */
    boolean append(byte[] record) {
        Arrays.fill(starts, -1);
        int end = object(record, JsonBytes.whitespace(record, 0), false);
        if (end == JsonBytes.INVALID || JsonBytes.whitespace(record, end) != record.length) {
            return false;
        }
        int mark = length;
        for (int c = 0; c < COLUMN_COUNT; c++) {
            if (c > 0) {
                put((byte) '\t');
            }
            if (!writeColumn(record, c)) {
                length = mark;
                return false;
            }
        }
        put((byte) '\n');
        return true;
    }

    /**
     * The members of the object at {@code i} (the top level, or the principal when {@code principal}),
     * noting where the columns' values lie; the position after it, or {@link JsonBytes#INVALID}.
     */
    private int object(byte[] json, int i, boolean principal) {
        if (i >= json.length || json[i] != '{') {
            return JsonBytes.INVALID;
        }
        i = JsonBytes.whitespace(json, i + 1);
        if (i < json.length && json[i] == '}') {
            return i + 1;
        }
        int expected = 0; // the spool writes fields in column order: try the next one first
        while (i < json.length && json[i] == '"') {
            int nameEnd = JsonBytes.string(json, i + 1);
            if (nameEnd == JsonBytes.INVALID) {
                return JsonBytes.INVALID;
            }
            int colon = JsonBytes.whitespace(json, nameEnd);
            if (colon >= json.length || json[colon] != ':') {
                return JsonBytes.INVALID;
            }
            int value = JsonBytes.whitespace(json, colon + 1);
            int column;
            int valueEnd;
            if (!principal && same(json, i + 1, nameEnd - 1, PRINCIPAL_NAME)) {
                valueEnd = principal(json, value);
            } else {
                column = principal ? principalColumn(json, i + 1, nameEnd - 1) : columnNamed(json, i + 1, nameEnd - 1, expected);
                valueEnd = JsonBytes.value(json, value, MAX_DEPTH, NUMBER_BYTES);
                if (column >= 0 && valueEnd != JsonBytes.INVALID) {
                    starts[column] = value;
                    ends[column] = valueEnd;
                    expected = column + 1;
                }
            }
            if (valueEnd == JsonBytes.INVALID) {
                return JsonBytes.INVALID;
            }
            i = JsonBytes.whitespace(json, valueEnd);
            if (i < json.length && json[i] == ',') {
                i = JsonBytes.whitespace(json, i + 1);
            } else if (i < json.length && json[i] == '}') {
                return i + 1;
            } else {
                return JsonBytes.INVALID;
            }
        }
        return JsonBytes.INVALID;
    }

    /** The principal's object, or null (its columns then stay null); the position after it. */
    private int principal(byte[] json, int i) {
        for (int c = 0; c < PRINCIPAL.length; c++) {
            starts[FIRST_PRINCIPAL_COLUMN + c] = -1; // a repeated principal replaces the first, as in jsonb
        }
        if (i < json.length && json[i] == 'n') {
            return JsonBytes.literal(json, i, "null");
        }
        return object(json, i, true);
    }

    private static int columnNamed(byte[] json, int from, int to, int expected) {
        if (expected < COLUMN_COUNT && NAMES[expected] != null && same(json, from, to, NAMES[expected])) {
            return expected;
        }
        for (int c = 0; c < COLUMN_COUNT; c++) {
            if (NAMES[c] != null && same(json, from, to, NAMES[c])) {
                return c;
            }
        }
        return -1;
    }

    private static int principalColumn(byte[] json, int from, int to) {
        for (int c = 0; c < PRINCIPAL.length; c++) {
            if (same(json, from, to, PRINCIPAL[c])) {
                return FIRST_PRINCIPAL_COLUMN + c;
            }
        }
        return -1;
    }

    private static boolean same(byte[] json, int from, int to, byte[] name) {
        return Arrays.equals(json, from, to, name, 0, name.length);
    }

    /** Writes column {@code c}'s value; false when its JSON type is not the column's. */
    private boolean writeColumn(byte[] json, int c) {
        int start = starts[c];
        var field = FIELDS[c];
        Kind kind = field == null ? Kind.TEXT : field.kind();
        if (start < 0 || json[start] == 'n') {
            if (field == null || field.absent() == null) {
                put(NULL);
            } else {
                put(field.absent());
            }
            return true;
        }
        byte first = json[start];
        switch (kind) {
            case TEXT -> {
                if (first != '"') {
                    return false;
                }
                unescaped(json, start + 1, ends[c] - 1);
            }
            case NUMBER -> {
                if (first != '-' && (first < '0' || first > '9')) {
                    return false;
                }
                put(json, start, ends[c]);
            }
            case BOOLEAN -> {
                if (first != 't' && first != 'f') {
                    return false;
                }
                put(first);
            }
            case JSON -> {
                if (first != '{' && first != '[') {
                    return false;
                }
                escapedJson(json, start, ends[c]);
            }
        }
        return true;
    }

    /** A JSON string's content, unescaped, as COPY text. */
    private void unescaped(byte[] json, int from, int to) {
        int i = from;
        while (i < to) {
            int plain = i;
            while (i < to && json[i] != '\\') {
                i++;
            }
            put(json, plain, i); // most strings have no escape at all
            if (i == to) {
                return;
            }
            byte escape = json[i + 1];
            i += 2;
            switch (escape) {
                case 'n' -> put((byte) '\\', (byte) 'n');
                case 'r' -> put((byte) '\\', (byte) 'r');
                case 't' -> put((byte) '\\', (byte) 't');
                case 'b' -> put((byte) '\\', (byte) 'b');
                case 'f' -> put((byte) '\\', (byte) 'f');
                case '\\' -> put((byte) '\\', (byte) '\\');
                case 'u' -> {
                    int unit = hex(json, i);
                    i += 4;
                    int codePoint = unit;
                    if (Character.isHighSurrogate((char) unit) && i + 6 <= to && json[i] == '\\' && json[i + 1] == 'u'
                            && Character.isLowSurrogate((char) hex(json, i + 2))) {
                        codePoint = Character.toCodePoint((char) unit, (char) hex(json, i + 2));
                        i += 6;
                    } else if (Character.isSurrogate((char) unit)) {
                        codePoint = 0xFFFD; // alone, it has no UTF-8 form
                    }
                    codePoint(codePoint);
                }
                default -> put(escape); // '"' and '/'
            }
        }
    }

    private void codePoint(int codePoint) {
        switch (codePoint) {
            case 0 -> put(REPLACEMENT);
            case '\\' -> put((byte) '\\', (byte) '\\');
            case '\n' -> put((byte) '\\', (byte) 'n');
            case '\r' -> put((byte) '\\', (byte) 'r');
            case '\t' -> put((byte) '\\', (byte) 't');
            default -> {
                if (codePoint < 0x80) {
                    put((byte) codePoint);
                } else if (codePoint < 0x800) {
                    put((byte) (0xC0 | codePoint >> 6), (byte) (0x80 | codePoint & 0x3F));
                } else if (codePoint < 0x10000) {
                    put((byte) (0xE0 | codePoint >> 12), (byte) (0x80 | codePoint >> 6 & 0x3F), (byte) (0x80 | codePoint & 0x3F));
                } else {
                    put((byte) (0xF0 | codePoint >> 18), (byte) (0x80 | codePoint >> 12 & 0x3F));
                    put((byte) (0x80 | codePoint >> 6 & 0x3F), (byte) (0x80 | codePoint & 0x3F));
                }
            }
        }
    }

    /**
     * JSON text as COPY text: backslashes doubled and whitespace escaped. {@code \u0000}, which
     * PostgreSQL's jsonb refuses, becomes {@code \uFFFD}.
     */
    private void escapedJson(byte[] json, int from, int to) {
        int i = from;
        while (i < to) {
            byte b = json[i++];
            switch (b) {
                case '\\' -> {
                    put((byte) '\\', (byte) '\\');
                    byte escape = json[i++];
                    if (escape == '\\') {
                        put((byte) '\\', (byte) '\\');
                    } else if (escape == 'u' && json[i] == '0' && json[i + 1] == '0' && json[i + 2] == '0' && json[i + 3] == '0') {
                        put(ESCAPED_REPLACEMENT);
                        i += 4;
                    } else {
                        put(escape);
                    }
                }
                case '\n' -> put((byte) '\\', (byte) 'n');
                case '\r' -> put((byte) '\\', (byte) 'r');
                case '\t' -> put((byte) '\\', (byte) 't');
                default -> put(b);
            }
        }
    }

    /** Four hex digits at {@code i}, which {@link JsonBytes#string} has checked. */
    private static int hex(byte[] json, int i) {
        return Character.digit(json[i], 16) << 12 | Character.digit(json[i + 1], 16) << 8
                | Character.digit(json[i + 2], 16) << 4 | Character.digit(json[i + 3], 16);
    }

    private void put(byte b) {
        ensure(1);
        out[length++] = b;
    }

    private void put(byte a, byte b) {
        ensure(2);
        out[length++] = a;
        out[length++] = b;
    }

    private void put(byte a, byte b, byte c) {
        ensure(3);
        out[length++] = a;
        out[length++] = b;
        out[length++] = c;
    }

    private void put(byte[] bytes) {
        put(bytes, 0, bytes.length);
    }

    private void put(byte[] bytes, int from, int to) {
        ensure(to - from);
        System.arraycopy(bytes, from, out, length, to - from);
        length += to - from;
    }

    private void ensure(int more) {
        if (length + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
        }
    }

    private static Column text(String field) {
        return new Column(field, Kind.TEXT, null);
    }

    private static Column number(String field) {
        return new Column(field, Kind.NUMBER, null);
    }

    private static Column json(String field, String absent) {
        return new Column(field, Kind.JSON, bytes(absent));
    }

    private static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }
}
