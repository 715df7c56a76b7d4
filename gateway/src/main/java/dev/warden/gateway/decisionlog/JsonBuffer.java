package dev.warden.gateway.decisionlog;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * A JSON document written straight into a growing byte array: objects, arrays, field names and
 * scalar values, commas placed by the writer. It keeps no nesting state beyond whether a comma is
 * due, so it is the caller who writes a well-formed document, as {@link SpoolFormat} does for
 * its one fixed shape. Strings are encoded to UTF-8 by the JDK (a lone surrogate becomes
 * {@code ?}, so no text can make a record unwritable) and then escaped byte by byte, which for
 * the mostly-ASCII text of a decision record is a copy. Identifiers and timestamps, which every
 * record has, are written digit by digit, with no string made for them on the way.
 */
final class JsonBuffer {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private byte[] bytes;
    /** Where the document starts: bytes before it are left for a header the caller writes. */
    private final int start;
    private int size;
    private boolean commaDue;

    JsonBuffer(int capacity) {
        this(capacity, 0);
    }

    /** A buffer whose first {@code reserved} bytes are left free, the document written after them. */
    JsonBuffer(int capacity, int reserved) {
        bytes = new byte[Math.max(16, capacity) + reserved];
        start = reserved;
        size = reserved;
    }

    JsonBuffer startObject() {
        return open('{');
    }

    JsonBuffer endObject() {
        return close('}');
    }

    JsonBuffer startArray() {
        return open('[');
    }

    JsonBuffer endArray() {
        return close(']');
    }

    private JsonBuffer open(char bracket) {
        valueStart();
        put(bracket);
        commaDue = false;
        return this;
    }

    private JsonBuffer close(char bracket) {
        put(bracket);
        commaDue = true;
        return this;
    }

    /** A field name; names given here are the format's own: ASCII, needing no escaping. */
    JsonBuffer name(String name) {
        valueStart();
        int length = name.length();
        ensure(length + 3);
        bytes[size++] = '"';
        ascii(name, length);
        bytes[size++] = '"';
        bytes[size++] = ':';
        commaDue = false;
        return this;
    }

    /** A field name taken from data (a label's key, say), escaped like any string. */
    JsonBuffer escapedName(String name) {
        string(name);
        put(':');
        commaDue = false;
        return this;
    }

    JsonBuffer string(String value) {
        if (value == null) {
            return nullValue();
        }
        valueStart();
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length + 2);
        bytes[size++] = '"';
        int run = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b < 0 || (b >= 0x20 && b != '"' && b != '\\')) {
                continue; // bytes of multi-byte characters are negative: copied as they are
            }
            append(utf8, run, i - run);
            escape(b);
            run = i + 1;
        }
        append(utf8, run, utf8.length - run);
        put('"');
        return this;
    }

    /** A UUID as {@link UUID#toString()} writes it: lower-case hex in groups of 8-4-4-4-12. */
    JsonBuffer uuid(UUID value) {
        if (value == null) {
            return nullValue();
        }
        valueStart();
        ensure(38);
        bytes[size++] = '"';
        long high = value.getMostSignificantBits();
        long low = value.getLeastSignificantBits();
        hex(high >>> 32, 8);
        bytes[size++] = '-';
        hex(high >>> 16, 4);
        bytes[size++] = '-';
        hex(high, 4);
        bytes[size++] = '-';
        hex(low >>> 48, 4);
        bytes[size++] = '-';
        hex(low, 12);
        bytes[size++] = '"';
        return this;
    }

    /** An instant as {@link Instant#toString()} writes it, which is also how Jackson writes it. */
    JsonBuffer instant(Instant value) {
        if (value == null) {
            return nullValue();
        }
        if (!IsoInstant.fits(value)) {
            return string(value.toString());
        }
        valueStart();
        ensure(IsoInstant.MAX_LENGTH + 2);
        bytes[size++] = '"';
        size = IsoInstant.write(value, bytes, size);
        bytes[size++] = '"';
        return this;
    }

    JsonBuffer number(long value) {
        return plain(Long.toString(value));
    }

    /** Finite numbers as the JDK prints them; NaN and the infinities as strings, as Jackson writes them. */
    JsonBuffer number(double value) {
        return Double.isFinite(value) ? plain(Double.toString(value)) : string(Double.toString(value));
    }

    JsonBuffer number(BigDecimal value) {
        return value == null ? nullValue() : plain(value.toString());
    }

    JsonBuffer number(Integer value) {
        return value == null ? nullValue() : number(value.longValue());
    }

    JsonBuffer number(Double value) {
        return value == null ? nullValue() : number(value.doubleValue());
    }

    JsonBuffer bool(boolean value) {
        valueStart();
        append(value ? TRUE : FALSE, 0, value ? 4 : 5);
        return this;
    }

    JsonBuffer nullValue() {
        valueStart();
        append(NULL, 0, 4);
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOfRange(bytes, start, size);
    }

    /** The backing array: the reserved bytes, then the document up to {@link #size()}. */
    byte[] array() {
        return bytes;
    }

    /** The bytes used, the reserved ones included. */
    int size() {
        return size;
    }

    private JsonBuffer plain(String ascii) {
        valueStart();
        int length = ascii.length();
        ensure(length);
        ascii(ascii, length);
        return this;
    }

    /**
     * Copies an ASCII string's characters as bytes; room is already ensured. The JDK's
     * char-to-low-byte copy is one array copy for the compact strings these are, where a loop
     * of charAt calls was the writer's hottest spot.
     */
    @SuppressWarnings("deprecation")
    private void ascii(String text, int length) {
        text.getBytes(0, length, bytes, size);
        size += length;
    }

    /** The low {@code digits} hex digits of a value; room is already ensured. */
    private void hex(long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            bytes[size + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        size += digits;
    }

    private void valueStart() {
        if (commaDue) {
            put(',');
        }
        commaDue = true;
    }

    private void escape(byte b) {
        ensure(6);
        bytes[size++] = '\\';
        switch (b) {
            case '"' -> bytes[size++] = '"';
            case '\\' -> bytes[size++] = '\\';
            case '\n' -> bytes[size++] = 'n';
            case '\r' -> bytes[size++] = 'r';
            case '\t' -> bytes[size++] = 't';
            default -> {
                bytes[size++] = 'u';
                bytes[size++] = '0';
                bytes[size++] = '0';
                bytes[size++] = HEX[b >> 4];
                bytes[size++] = HEX[b & 0xF];
            }
        }
    }

    private void put(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
    }

    private void append(byte[] source, int from, int length) {
        ensure(length);
        System.arraycopy(source, from, bytes, size, length);
        size += length;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
