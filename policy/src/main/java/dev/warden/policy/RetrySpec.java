package dev.warden.policy;

import java.time.Duration;

/**
 * How a route retries one target before moving to the next: on 429, 5xx, connection failures
 * and timeouts, with exponential backoff and full jitter, honouring {@code Retry-After}.
 *
 * @param attempts   calls per target at most, the first included (default 2)
 * @param backoff    the first retry's base delay (default 200 ms), doubled per retry
 * @param maxBackoff the longest delay, including a {@code Retry-After} (default 5 s); a longer
 *                   {@code Retry-After} moves on to the next target instead
 */
public record RetrySpec(int attempts, Duration backoff, Duration maxBackoff) {

    public static final RetrySpec DEFAULT = new RetrySpec(2, Duration.ofMillis(200), Duration.ofSeconds(5));
}
