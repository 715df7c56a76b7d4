package dev.warden.gateway.health;

import dev.warden.policy.Target;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Recent health of every provider and model the gateway called: error rate and latency
 * percentiles over the last calls, and the circuit state. Shown in the control API and in
 * Prometheus, and given to policies as {@code route.*} so that a rule can steer away from a
 * degraded route.
 */
@Component
public class ProviderHealth {

    private static final String ERROR_RATE = "warden.provider.error.rate";
    private static final String LATENCY_P95 = "warden.provider.latency.p95";
    private static final String CIRCUIT_OPEN = "warden.provider.circuit.open";

    private final Map<String, CallWindow> windows = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    ProviderHealth(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Records one finished call. */
    public void record(String provider, String model, double latencyMs, boolean ok) {
        windows.computeIfAbsent(key(provider, model), key -> register(provider, model)).record(latencyMs, ok);
    }

    /** Lets the health of a target include its circuit's state. */
    public void track(String provider, String model, CircuitBreaker breaker) {
        breakers.put(key(provider, model), breaker);
    }

    /** Stops reading a target's circuit from this breaker, which the policy no longer has, unless another replaced it. */
    public void untrack(String provider, String model, CircuitBreaker breaker) {
        breakers.remove(key(provider, model), breaker);
    }

    /**
     * Forgets the health, and removes the gauges, of every target but these: the policy no longer
     * routes to them, because it dropped their provider or no route names the model any more.
     */
    public void forgetTargetsOtherThan(Set<Target> targets) {
        windows.keySet().removeIf(key -> !targets.contains(targetOf(key)));
        breakers.keySet().removeIf(key -> !targets.contains(targetOf(key)));
        for (var gauge : List.of(ERROR_RATE, LATENCY_P95, CIRCUIT_OPEN)) {
            meters.find(gauge).meters().stream()
                    .filter(meter -> !targets.contains(new Target(meter.getId().getTag("provider"), meter.getId().getTag("model"))))
                    .forEach(meters::remove);
        }
    }

    public Stats stats(String provider, String model) {
        var window = windows.get(key(provider, model));
        var breaker = breakers.get(key(provider, model));
        var state = breaker == null ? "CLOSED" : breaker.getState().name();
        return window == null ? new Stats(provider, model, state, 0, 0, 0, 0) : window.stats(provider, model, state);
    }

    public List<Stats> all() {
        return windows.keySet().stream().map(key -> key.split("\u0000", 2)).map(parts -> stats(parts[0], parts[1]))
                .sorted(Comparator.comparing(Stats::provider).thenComparing(Stats::model)).toList();
    }

    /** One target's recent health. */
    public record Stats(String provider, String model, String circuit, int calls, double errorRate, double latencyP50Ms,
                        double latencyP95Ms) {
    }

    private CallWindow register(String provider, String model) {
        var window = new CallWindow();
        Gauge.builder(ERROR_RATE, () -> stats(provider, model).errorRate())
                .description("Share of failed calls among the recent calls to a provider's model")
                .tags("provider", provider, "model", model).register(meters);
        Gauge.builder(LATENCY_P95, () -> stats(provider, model).latencyP95Ms())
                .description("95th percentile latency of the recent calls to a provider's model, in milliseconds")
                .tags("provider", provider, "model", model).register(meters);
        Gauge.builder(CIRCUIT_OPEN, () -> "OPEN".equals(stats(provider, model).circuit()) ? 1 : 0)
                .description("1 while the circuit of a provider's model is open")
                .tags("provider", provider, "model", model).register(meters);
        return window;
    }

    private static Target targetOf(String key) {
        int separator = key.indexOf('\u0000');
        return new Target(key.substring(0, separator), key.substring(separator + 1));
    }

    private static String key(String provider, String model) {
        return provider + "\u0000" + model;
    }
}
