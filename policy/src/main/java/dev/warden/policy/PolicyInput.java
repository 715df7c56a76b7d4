package dev.warden.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a policy may look at for one request; the CEL variables are read from it.
 *
 * @param headers request headers, names in lower case (only those policies may require)
 */
public record PolicyInput(Principal principal, Request request, Map<String, String> headers, Instant time,
                          RouteStats routeStats) {

    public PolicyInput {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(request, "request");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(time, "time");
        routeStats = routeStats == null ? RouteStats.NEUTRAL : routeStats;
    }

    /** Who is calling. {@code user} is empty when the key has none. */
    public record Principal(String key, String team, String user, String org, List<String> roles) {
        public Principal {
            key = Objects.requireNonNullElse(key, "");
            team = Objects.requireNonNullElse(team, "");
            user = Objects.requireNonNullElse(user, "");
            org = Objects.requireNonNullElse(org, "default");
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /** What is asked. {@code repo} is the {@code repo} label. */
    public record Request(String endpoint, String model, boolean stream, Map<String, String> labels,
                          long estimatedPromptTokens, long maxTokens, long messageCount, String intent) {
        public Request {
            endpoint = Objects.requireNonNullElse(endpoint, "");
            model = Objects.requireNonNullElse(model, "");
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            intent = Objects.requireNonNullElse(intent, "other");
        }

        public String repo() {
            return labels.getOrDefault("repo", "");
        }
    }

    /** Recent health of the requested route; neutral (no errors, no latency) until measured. */
    public record RouteStats(double errorRate, double latencyP50Ms, double latencyP95Ms) {
        public static final RouteStats NEUTRAL = new RouteStats(0, 0, 0);
    }
}
