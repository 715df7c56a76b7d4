package dev.warden.gateway.routing;

import dev.warden.gateway.health.ProviderHealth;
import dev.warden.gateway.policy.ActivePolicy;
import dev.warden.gateway.policy.PolicyActivated;
import dev.warden.policy.CircuitBreakerSpec;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.Target;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * One resilience4j circuit breaker per provider and model, configured from the provider's policy.
 * A policy change that alters a provider's breaker settings gives its models fresh breakers, and
 * the breakers it leaves behind (and those of targets no route names any more) are dropped with
 * their metrics.
 */
@Component
class TargetBreakers {

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    private final Map<String, Made> made = new ConcurrentHashMap<>();
    private final ProviderHealth health;
    private final ActivePolicy policy;

    /** A breaker's configuration, and the target and settings it was made from. */
    private record Made(CircuitBreakerConfig config, String provider, String model, CircuitBreakerSpec spec) {
    }

    TargetBreakers(ProviderHealth health, MeterRegistry meters, ActivePolicy policy) {
        this.health = health;
        this.policy = policy;
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
    }

    CircuitBreaker of(ProviderSpec provider, String model) {
        var spec = provider.circuitBreaker();
        var name = provider.name() + "/" + model + "#" + Integer.toHexString(spec.hashCode());
        var breaker = registry.circuitBreaker(name, made.computeIfAbsent(name, key -> new Made(CircuitBreakerConfig.custom()
                .failureRateThreshold(spec.failureRate())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(spec.window())
                .minimumNumberOfCalls(Math.min(spec.minimumCalls(), spec.window()))
                .waitDurationInOpenState(spec.openFor())
                .permittedNumberOfCallsInHalfOpenState(3)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build(), provider.name(), model, spec)).config());
        health.track(provider.name(), model, breaker);
        return breaker;
    }

    /**
     * Drops the breakers the policy in force would not make: those of targets no route names any
     * more (their provider gone, or the model), or made from breaker settings it has changed. It
     * walks the registry, not what it made, so that a breaker a request still running under the
     * old policy made again after an earlier sweep goes too.
     */
    @EventListener(PolicyActivated.class)
    synchronized void forgetSuperseded() {
        var bundle = policy.current();
        var providers = bundle.providers();
        var routed = bundle.routes().values().stream().flatMap(route -> route.targets().stream()).collect(Collectors.toSet());
        for (var breaker : registry.getAllCircuitBreakers()) {
            var name = breaker.getName();
            var from = made.get(name);
            var now = from == null ? null : providers.get(from.provider());
            if (now == null || !now.circuitBreaker().equals(from.spec()) || !routed.contains(new Target(from.provider(), from.model()))) {
                made.remove(name);
                registry.remove(name);
                if (from != null) {
                    health.untrack(from.provider(), from.model(), breaker);
                }
            }
        }
        health.forgetTargetsOtherThan(routed);
    }
}
