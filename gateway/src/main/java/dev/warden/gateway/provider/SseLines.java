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

    private static byte[] withoutCarriageReturn(byte[] bytes) {
        if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            return Arrays.copyOf(bytes, bytes.length - 1);
        }
        return bytes;
    }
}
