package dev.warden.gateway.quota;

/** What a limit counts. Cost is counted in micro-dollars, so that every dimension is a whole number. */
public enum Dimension {
    REQUESTS,
    TOKENS,
    COST_MICROS,
    CONCURRENT
}
