package dev.warden.gateway.decisionlog.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The spool's record framing: a 4-byte length, a 4-byte CRC-32C of the payload, the payload. A
 * frame cut short by a crash, or damaged on disk, fails its length or checksum and is not read.
 */
final class Frames {

    static final int HEADER = 8;
    static final int MAX_PAYLOAD = 16 * 1024 * 1024;

    private Frames() {
    }

    static ByteBuffer encode(byte[] payload) {
        var crc = new CRC32C();
        crc.update(payload);
        var buffer = ByteBuffer.allocate(HEADER + payload.length);
        buffer.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        return buffer;
    }

    /** A frame read at a position, and where the next one starts. */
    record Frame(byte[] payload, long next) {
    }

    /** The frame at {@code position}, or null when there is no complete, intact frame there. */
    static Frame read(FileChannel channel, long position, long size) throws IOException {
        if (size - position < HEADER) {
            return null;
        }
        var header = ByteBuffer.allocate(HEADER);
        channel.read(header, position);
        header.flip();
        int length = header.getInt();
        int checksum = header.getInt();
        if (length < 0 || length > MAX_PAYLOAD || size - position - HEADER < length) {
            return null;
        }
        var payload = ByteBuffer.allocate(length);
        while (payload.hasRemaining() && channel.read(payload, position + HEADER + payload.position()) > 0) {
            // keep reading until the whole payload is in
        }
        var crc = new CRC32C();
        crc.update(payload.array());
        return (int) crc.getValue() == checksum ? new Frame(payload.array(), position + HEADER + length) : null;
    }
}
