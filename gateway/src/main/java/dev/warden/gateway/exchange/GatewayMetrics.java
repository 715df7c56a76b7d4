package dev.warden.gateway.exchange;

import dev.warden.gateway.decisionlog.DecisionRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Request count, latency and tokens by route and status, for Prometheus. Tags are bounded:
 * routes come from the policy bundle, never from what a client sends.
 */
@Component
public class GatewayMetrics {

    private final MeterRegistry registry;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(DecisionRecord record) {
        var route = record.route() == null ? "none" : record.route();
        var endpoint = knownEndpoint(record.endpoint());
        Timer.builder("warden.requests")
                .description("Gateway requests by endpoint, route and status")
                .tags("endpoint", endpoint, "route", route, "status", Integer.toString(record.status()), "outcome", record.outcome())
                .publishPercentileHistogram()
                .register(registry)
                .record(Duration.ofNanos((long) (record.latencyMs() * 1_000_000)));
        if (record.tokensIn() != null) {
            tokens(route, "in").increment(record.tokensIn());
        }
        if (record.tokensOut() != null) {
            tokens(route, "out").increment(record.tokensOut());
        }
    }

    private Counter tokens(String route, String direction) {
        return Counter.builder("warden.tokens")
                .description("Tokens reported by upstreams, by route and direction")
                .tags("route", route, "direction", direction)
                .register(registry);
    }

    private static String knownEndpoint(String path) {
        return switch (path) {
            case "/v1/chat/completions", "/v1/embeddings", "/v1/models" -> path;
            default -> "other";
        };
    }
}
