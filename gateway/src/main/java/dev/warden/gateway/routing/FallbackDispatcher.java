package dev.warden.gateway.routing;

import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.exchange.Attempt;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.UpstreamFailure;
import dev.warden.gateway.provider.openai.OpenAiUpstream;
import dev.warden.policy.PolicyBundle;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.Target;
import java.util.List;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Sends a request to a route's targets in order. A target that cannot be reached, times out, is
 * rate-limited or fails with 5xx is recorded and the next one is tried; nothing has reached the
 * client yet, so the fallback is invisible to it except in the route header. The last target's
 * answer, whatever it is, is returned.
 */
@Component
public class FallbackDispatcher {

    private final OpenAiUpstream upstream;
    private final Credentials credentials;

    FallbackDispatcher(OpenAiUpstream upstream, Credentials credentials) {
        this.upstream = upstream;
        this.credentials = credentials;
    }

    /**
     * @param bodyFor the request body to send to a given target (its model name differs per target)
     * @throws GatewayException when no target produced a response
     */
    public Dispatch dispatch(Exchange exchange, PolicyBundle bundle, String route, List<Target> targets, String path,
                             boolean stream, Function<Target, byte[]> bodyFor) {
        UpstreamFailure lastFailure = null;
        for (int i = 0; i < targets.size(); i++) {
            var target = targets.get(i);
            var provider = bundle.provider(target.provider());
            var unusable = unusableBecause(provider);
            if (unusable != null) {
                exchange.attempted(new Attempt(provider.name(), target.model(), 0, unusable, 0), 0);
                continue;
            }
            long start = System.nanoTime();
            try {
                var response = upstream.post(provider, path, bodyFor.apply(target), credentials.apiKey(provider), stream);
                long took = System.nanoTime() - start;
                boolean last = i == targets.size() - 1;
                if (!last && isRetryable(response.status())) {
                    exchange.attempted(new Attempt(provider.name(), target.model(), response.status(), "retryable status", millis(took)), took);
                    response.close();
                    continue;
                }
                exchange.attempted(new Attempt(provider.name(), target.model(), response.status(), null, millis(took)), took);
                exchange.servedBy(provider.name(), target.model());
                return new Dispatch(target, provider, response);
            } catch (UpstreamFailure failure) {
                long took = System.nanoTime() - start;
                exchange.attempted(new Attempt(provider.name(), target.model(), 0, failure.getMessage(), millis(took)), took);
                lastFailure = failure;
            }
        }
        throw exhausted(route, lastFailure);
    }

    private String unusableBecause(ProviderSpec provider) {
        if (!provider.type().speaksOpenAi()) {
            return "provider type " + provider.type().wireName() + " is not served by this version";
        }
        if (provider.apiKey().isPresent() && credentials.apiKey(provider) == null) {
            return "not configured: " + provider.apiKey().get() + " is not set";
        }
        return null;
    }

    private static boolean isRetryable(int status) {
        return status == 429 || status >= 500;
    }

    private static GatewayException exhausted(String route, UpstreamFailure lastFailure) {
        if (lastFailure == null) {
            return new GatewayException(HttpStatus.SERVICE_UNAVAILABLE, "upstream_error", "no_available_target", null,
                    "No target of route '" + route + "' is available: see the decision's attempts.");
        }
        return switch (lastFailure.kind()) {
            case TIMEOUT -> new GatewayException(HttpStatus.GATEWAY_TIMEOUT, "upstream_error", "upstream_timeout", null,
                    "The upstream did not answer in time: " + lastFailure.getMessage());
            case UNREACHABLE -> new GatewayException(HttpStatus.BAD_GATEWAY, "upstream_error", "upstream_unreachable", null,
                    "The upstream could not be reached: " + lastFailure.getMessage());
            case BROKEN -> new GatewayException(HttpStatus.BAD_GATEWAY, "upstream_error", "upstream_error", null,
                    "The upstream failed: " + lastFailure.getMessage());
        };
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
