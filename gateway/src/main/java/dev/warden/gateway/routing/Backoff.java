package dev.warden.gateway.routing;

import dev.warden.policy.RetrySpec;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between retries of one target: exponential with full jitter (so that many clients
 * retrying at once spread out), or the upstream's own {@code Retry-After} when it gave one.
 */
final class Backoff {

    private Backoff() {
    }

    /**
     * The delay before retry number {@code retry} (1 for the first retry), or empty when the
     * upstream asks for a longer wait than the route allows: then the next target is better.
     */
    static Optional<Duration> before(int retry, RetrySpec spec, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(spec.maxBackoff()) <= 0 ? Optional.of(retryAfter) : Optional.empty();
        }
        long ceiling = Math.min(spec.maxBackoff().toMillis(), spec.backoff().toMillis() << Math.min(retry - 1, 20));
        return Optional.of(Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1)));
    }

    /** Reads {@code Retry-After} given in seconds; the HTTP-date form is treated as absent. */
    static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            var seconds = Double.parseDouble(header.strip());
            return seconds >= 0 ? Duration.ofMillis((long) (seconds * 1000)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
