package dev.warden.policy;

import java.time.Duration;

/**
 * When to stop sending requests to a provider's model for a while.
 *
 * @param failureRate  the percentage of failed calls that opens the circuit (default 50)
 * @param window       how many recent calls the rate is computed over (default 20)
 * @param minimumCalls how many calls are needed before the rate counts (default 10)
 * @param openFor      how long the circuit stays open before trial calls (default 30 s)
 */
public record CircuitBreakerSpec(int failureRate, int window, int minimumCalls, Duration openFor) {

    public static final CircuitBreakerSpec DEFAULT = new CircuitBreakerSpec(50, 20, 10, Duration.ofSeconds(30));
}
