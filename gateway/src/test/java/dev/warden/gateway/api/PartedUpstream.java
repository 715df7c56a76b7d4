package dev.warden.gateway.api;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * An upstream stream that sends its parts one read at a time, and counts the reads made while the
 * client side has something written and not yet sent: a relay must never wait for the upstream
 * with an event unsent.
 */
final class PartedUpstream extends InputStream {

    private final ArrayDeque<byte[]> parts = new ArrayDeque<>();
    private final BooleanSupplier somethingUnsent;
    private int readsWithUnsent;

    PartedUpstream(BooleanSupplier somethingUnsent, String... parts) {
        this.somethingUnsent = somethingUnsent;
        for (var part : parts) {
            this.parts.add(part.getBytes(StandardCharsets.UTF_8));
        }
    }

    int readsWithUnsent() {
        return readsWithUnsent;
    }

    @Override
    public int read() {
        throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (somethingUnsent.getAsBoolean()) {
            readsWithUnsent++;
        }
        var part = parts.poll();
        if (part == null) {
            return -1;
        }
        System.arraycopy(part, 0, buffer, offset, part.length);
        return part.length;
    }
}
