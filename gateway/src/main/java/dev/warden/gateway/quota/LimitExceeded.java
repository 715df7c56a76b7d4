package dev.warden.gateway.quota;

import java.time.Duration;

/** A request refused because a limit is spent; carries what the 429's headers need. */
public class LimitExceeded extends RuntimeException {

    private final String limit;
    private final Duration retryAfter;
    private final String dimension;
    private final long budget;
    private final boolean byAmount;

    /** A refusal whatever the request's size: a count of requests or of slots, or a price missing. */
    LimitExceeded(String limit, String message, Duration retryAfter) {
        this(limit, message, retryAfter, null, 0, false);
    }

    LimitExceeded(String limit, String message, Duration retryAfter, String dimension, long budget, boolean byAmount) {
        super(message, null, false, false);
        this.limit = limit;
        this.retryAfter = retryAfter;
        this.dimension = dimension;
        this.budget = budget;
        this.byAmount = byAmount;
    }

    /**
     * Whether the refusal weighed the request's size (its tokens, or their cost), so that a
     * smaller count of the same request might have been admitted.
     */
    public boolean byAmount() {
        return byAmount;
    }

    /** {@code requests} or {@code tokens} when the spent limit has an OpenAI rate-limit header, else null. */
    public String headerDimension() {
        return dimension;
    }

    public long budget() {
        return budget;
    }

    public String limit() {
        return limit;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
