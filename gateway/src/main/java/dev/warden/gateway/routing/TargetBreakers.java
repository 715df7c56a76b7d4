package dev.warden.gateway.routing;

import dev.warden.gateway.health.ProviderHealth;
import dev.warden.policy.ProviderSpec;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * One resilience4j circuit breaker per provider and model, configured from the provider's policy.
 * A policy change that alters a provider's settings gives its models fresh breakers.
 */
@Component
class TargetBreakers {

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    private final Map<String, CircuitBreakerConfig> configs = new ConcurrentHashMap<>();
    private final ProviderHealth health;

    TargetBreakers(ProviderHealth health, MeterRegistry meters) {
        this.health = health;
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
    }

    CircuitBreaker of(ProviderSpec provider, String model) {
        var spec = provider.circuitBreaker();
        var name = provider.name() + "/" + model + "#" + Integer.toHexString(spec.hashCode());
        var breaker = registry.circuitBreaker(name, configs.computeIfAbsent(name, key -> CircuitBreakerConfig.custom()
                .failureRateThreshold(spec.failureRate())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(spec.window())
                .minimumNumberOfCalls(Math.min(spec.minimumCalls(), spec.window()))
                .waitDurationInOpenState(spec.openFor())
                .permittedNumberOfCallsInHalfOpenState(3)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build()));
        health.track(provider.name(), model, breaker);
        return breaker;
    }
}
