package dev.warden.gateway.exchange;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decision ids are UUIDv7 (RFC 9562): time-ordered, so that the newest decisions sort last in an
 * index and ids from many replicas never collide.
 */
public final class DecisionIds {

    private static final SecureRandom SEED = new SecureRandom();

    private DecisionIds() {
    }

    public static UUID next(long epochMillis) {
        var random = ThreadLocalRandom.current();
        long most = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (random.nextInt() & 0x0FFFL);
        long least = (random.nextLong() ^ SEED.hashCode()) & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(most, least);
    }
}
