package dev.warden.gateway.exchange;

import dev.warden.gateway.decisionlog.DecisionRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Request count, latency and tokens by route and status, for Prometheus. Tags are bounded:
 * routes come from the policy bundle, never from what a client sends.
 */
@Component
public class GatewayMetrics {

    private final MeterRegistry registry;
    /*
     * The meters by their tags. Building the tags and looking the meter up in the registry for
     * every request (three meters a request) cost more than recording into them; the tags are
     * bounded (see above), so these maps are too.
     */
    private final Map<RequestTags, Timer> requests = new ConcurrentHashMap<>();
    private final Map<TokenTags, Counter> tokens = new ConcurrentHashMap<>();

    private record RequestTags(String endpoint, String route, int status, String outcome) {
    }

    private record TokenTags(String route, String direction) {
    }

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Requests received ({@code warden.requests.received}) and in progress
     * ({@code warden.requests.active}): once none is in progress, the received equal the
     * {@code warden.requests} recorded, and a request that never ends shows as their difference.
     */
    void track(OpenExchanges open) {
        FunctionCounter.builder("warden.requests.received", open, OpenExchanges::received)
                .description("Gateway requests received (exchanges opened)").register(registry);
        Gauge.builder("warden.requests.active", open, OpenExchanges::inProgress)
                .description("Gateway requests in progress").register(registry);
    }

    void record(DecisionRecord record) {
        var route = record.route() == null ? "none" : record.route();
        var endpoint = knownEndpoint(record.endpoint());
        meter(requests, new RequestTags(endpoint, route, record.status(), record.outcome()), this::requestTimer)
                .record(Duration.ofNanos((long) (record.latencyMs() * 1_000_000)));
        if (record.tokensIn() != null) {
            meter(tokens, new TokenTags(route, "in"), this::tokenCounter).increment(record.tokensIn());
        }
        if (record.tokensOut() != null) {
            meter(tokens, new TokenTags(route, "out"), this::tokenCounter).increment(record.tokensOut());
        }
    }

    /**
     * A plain read first: every request asks for the same few meters, and computeIfAbsent locks
     * the key's bin whenever the key is not the bin's first entry, which made all requests queue
     * on one lock.
     */
    private static <K, M> M meter(Map<K, M> meters, K tags, Function<K, M> register) {
        var meter = meters.get(tags);
        return meter != null ? meter : meters.computeIfAbsent(tags, register);
    }

    private Timer requestTimer(RequestTags tags) {
        return Timer.builder("warden.requests")
                .description("Gateway requests by endpoint, route and status")
                .tags("endpoint", tags.endpoint(), "route", tags.route(), "status", Integer.toString(tags.status()),
                        "outcome", String.valueOf(tags.outcome()))
                .publishPercentileHistogram()
                .register(registry);
    }

    private Counter tokenCounter(TokenTags tags) {
        return Counter.builder("warden.tokens")
                .description("Tokens reported by upstreams, by route and direction")
                .tags("route", tags.route(), "direction", tags.direction())
                .register(registry);
    }

    private static String knownEndpoint(String path) {
        return switch (path) {
            case "/v1/chat/completions", "/v1/embeddings", "/v1/models" -> path;
            default -> "other";
        };
    }
}
