package dev.warden.gateway.provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a server-sent event stream line by line, as bytes, so that what the upstream sent is
 * relayed without decoding and re-encoding. Lines end in LF or CRLF; the ending is not returned.
 */
public final class SseLines {

    private static final int MAX_LINE = 4 * 1024 * 1024;
    static final byte[] DATA = {'d', 'a', 't', 'a', ':'};
    static final byte[] EVENT = {'e', 'v', 'e', 'n', 't', ':'};
    private static final byte[] EMPTY = {};

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    private int position;
    private int limit;

    public SseLines(InputStream in) {
        this.in = in;
    }

    /** The next line, or null at the end of the stream (a last line without an ending included). */
    public byte[] next() throws IOException {
        line.reset();
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return line.size() > 0 ? line.toByteArray() : null;
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            if (position < limit && line.size() == 0) {
                // the usual case, a whole line in the buffer: copied once, without its ending
                int end = position > start && buffer[position - 1] == '\r' ? position - 1 : position;
                position++;
                return end == start ? EMPTY : Arrays.copyOfRange(buffer, start, end);
            }
            line.write(buffer, start, position - start);
            if (line.size() > MAX_LINE) {
                throw new IOException("an event line is longer than " + MAX_LINE + " bytes");
            }
            if (position < limit) {
                position++;
                return withoutCarriageReturn(line.toByteArray());
            }
        }
    }

    /**
     * Whether a whole event has been read from the stream already: a {@code data:} or
     * {@code event:} line and the blank line that ends it, so that {@link SseEvents#next} can return
     * it without waiting for the upstream (comments and blank lines alone, which it skips, do not
     * count). Called between events, at the start of a line; looks no further than that event.
     */
    public boolean eventBuffered() {
        boolean field = false;
        int lineStart = position;
        for (int i = position; i < limit; i++) {
            if (buffer[i] != '\n') {
                continue;
            }
            int length = i - lineStart;
            if (length > 0 && buffer[i - 1] == '\r') {
                length--;
            }
            if (length == 0) {
                if (field) {
                    return true;
                }
            } else if (startsWith(lineStart, length, DATA) || startsWith(lineStart, length, EVENT)) {
                field = true;
            }
            lineStart = i + 1;
        }
        return false;
    }

    /** Whether the line is of the field ({@link #DATA}, {@link #EVENT}). */
    static boolean isField(byte[] line, byte[] field) {
        return line.length >= field.length && Arrays.equals(line, 0, field.length, field, 0, field.length);
    }

    private boolean startsWith(int start, int length, byte[] prefix) {
        return length >= prefix.length && Arrays.equals(buffer, start, start + prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] withoutCarriageReturn(byte[] bytes) {
        if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            return Arrays.copyOf(bytes, bytes.length - 1);
        }
        return bytes;
    }
}
