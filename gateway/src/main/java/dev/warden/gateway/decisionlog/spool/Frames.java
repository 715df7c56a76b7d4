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
        var buffer = new byte[HEADER + payload.length];
        System.arraycopy(payload, 0, buffer, HEADER, payload.length);
        return frame(buffer, payload.length);
    }

    /** The frame of the payload at {@code buffer[HEADER, HEADER + length)}, its header written in place before it. */
    static ByteBuffer frame(byte[] buffer, int length) {
        var crc = new CRC32C();
        crc.update(buffer, HEADER, length);
        return ByteBuffer.wrap(buffer, 0, HEADER + length).putInt(length).putInt((int) crc.getValue()).position(0);
    }

    /** A frame read at a position, and where the next one starts. */
    record Frame(byte[] payload, long next) {
    }

    /**
     * Reads the frames of one segment, up to a size fixed when it was opened, through a window of
     * the file: one read fills it with the frames ahead, where reading each frame's header and
     * payload on its own cost the shipper two system calls per decision, on the cores that serve
     * the requests. A frame larger than the window is read on its own.
     */
    static final class Reader {

        /** Enough for a couple of hundred typical records (about 1 KB each). */
        static final int WINDOW = 256 * 1024;

        private final FileChannel channel;
        private final long size;
        private final int capacity;
        private ByteBuffer window;
        /** The file position of the window's first byte. */
        private long windowStart;

        Reader(FileChannel channel, long size) {
            this(channel, size, WINDOW);
        }

        Reader(FileChannel channel, long size, int capacity) {
            this.channel = channel;
            this.size = size;
            this.capacity = Math.max(HEADER, capacity);
        }

        /** The frame at {@code position}, or null when there is no complete, intact frame there. */
        Frame read(long position) throws IOException {
            if (size - position < HEADER || !inWindow(position, HEADER)) {
                return null;
            }
            int at = (int) (position - windowStart);
            int length = window.getInt(at);
            int checksum = window.getInt(at + 4);
            if (length < 0 || length > MAX_PAYLOAD || size - position - HEADER < length) {
                return null;
            }
            byte[] payload = new byte[length];
            if (HEADER + length <= capacity) {
                if (!inWindow(position, HEADER + length)) {
                    return null;
                }
                window.get((int) (position - windowStart) + HEADER, payload);
            } else if (!readFully(ByteBuffer.wrap(payload), position + HEADER)) {
                return null;
            }
            var crc = new CRC32C();
            crc.update(payload);
            return (int) crc.getValue() == checksum ? new Frame(payload, position + HEADER + length) : null;
        }

        /** Whether {@code [position, position + length)} is in the window, after moving it there if need be. */
        private boolean inWindow(long position, int length) throws IOException {
            if (window != null && position >= windowStart && position + length <= windowStart + window.limit()) {
                return true;
            }
            if (window == null) {
                window = ByteBuffer.allocate((int) Math.min(capacity, size - position));
            }
            window.clear();
            window.limit((int) Math.min(window.capacity(), size - position));
            windowStart = position;
            boolean filled = readFully(window, position);
            window.flip();
            return filled && length <= window.limit();
        }

        private boolean readFully(ByteBuffer buffer, long position) throws IOException {
            long at = position;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, at);
                if (read <= 0) {
                    return false;
                }
                at += read;
            }
            return true;
        }
    }
}
