package dev.warden.gateway.routing;

import dev.warden.gateway.exchange.Attempt;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.health.ProviderHealth;
import dev.warden.gateway.provider.CanonicalRequest;
import dev.warden.gateway.provider.Endpoint;
import dev.warden.gateway.provider.ProviderAdapter;
import dev.warden.gateway.provider.ProviderAdapters;
import dev.warden.gateway.provider.UpstreamFailure;
import dev.warden.policy.PolicyBundle;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.RetrySpec;
import dev.warden.policy.RouteSpec;
import dev.warden.policy.Target;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Sends a request to a route's targets in order. Each target is retried with backoff on 429,
 * 5xx, connection failures and timeouts, unless its circuit is open; then the next target is
 * tried. Nothing has reached the client yet, so a fallback is invisible to it but for the route
 * headers. When every target failed, the last upstream error response is relayed, or the
 * failure is raised as a 502, 503 or 504.
 */
@Component
public class FallbackDispatcher {

    private final ProviderAdapters adapters;
    private final Credentials credentials;
    private final TargetBreakers breakers;
    private final TargetCall calls;
    private final ProviderHealth health;

    FallbackDispatcher(ProviderAdapters adapters, Credentials credentials, TargetBreakers breakers, TargetCall calls,
                       ProviderHealth health) {
        this.adapters = adapters;
        this.credentials = credentials;
        this.breakers = breakers;
        this.calls = calls;
        this.health = health;
    }

    /**
     * @throws UpstreamUnavailable when no target produced a response
     */
    public Dispatch dispatch(Exchange exchange, PolicyBundle bundle, String route, List<Target> targets, Endpoint endpoint,
                             CanonicalRequest request) {
        var retry = bundle.route(route).map(RouteSpec::retry).orElse(RetrySpec.DEFAULT);
        TargetCall.Failed lastFailure = null;
        var skipped = new ArrayList<String>();
        for (int i = 0; i < targets.size(); i++) {
            var target = targets.get(i);
            var provider = bundle.provider(target.provider());
            var adapter = adapters.of(provider.type()).orElse(null);
            var unusable = unusableBecause(provider, adapter, endpoint);
            if (unusable != null) {
                exchange.attempted(new Attempt(provider.name(), target.model(), 0, unusable, 0), 0);
                skipped.add(provider.name() + "/" + target.model() + ": " + unusable);
                continue;
            }
            boolean lastTarget = i == targets.size() - 1;
            var breaker = breakers.of(provider, target.model());
            for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
                if (!breaker.tryAcquirePermission()) {
                    exchange.attempted(new Attempt(provider.name(), target.model(), 0, "circuit open", 0), 0);
                    break;
                }
                long start = System.nanoTime();
                TargetCall.Result result;
                try {
                    result = call(provider, adapter, target, endpoint, request);
                } catch (RuntimeException | Error e) {
                    // Nothing was judged: a request no provider can take, or the gateway's own
                    // failure, does not use up a half-open breaker's trial call.
                    breaker.releasePermission();
                    throw e;
                }
                long took = System.nanoTime() - start;
                if (result instanceof TargetCall.Answered answered) {
                    answered(exchange, breaker, provider, target, answered.response().status(), took);
                    return new Dispatch(target, provider, adapter, answered.response(), i > 0, answered.events(), null,
                            answered.firstEvent(), answered.total() == null ? null : answered.total()::cancel);
                }
                var failed = (TargetCall.Failed) result;
                failed(exchange, breaker, provider, target, failed, took);
                lastFailure = failed;
                boolean lastAttempt = attempt == retry.attempts();
                var delay = lastAttempt ? null : Backoff.before(attempt, retry, failed.retryAfter()).orElse(null);
                if (lastTarget && delay == null && failed.response() != null) {
                    // Nothing else to try: the client gets the upstream's own answer, Retry-After and all.
                    exchange.servedBy(provider.name(), target.model());
                    return new Dispatch(target, provider, adapter, failed.response(), i > 0, null, null, null, null);
                }
                if (failed.response() != null) {
                    failed.response().close();
                }
                if (delay == null) {
                    break;
                }
                pause(delay.toMillis());
            }
        }
        throw UpstreamUnavailable.after(route, lastFailure, skipped);
    }

    private TargetCall.Result call(ProviderSpec provider, ProviderAdapter adapter, Target target, Endpoint endpoint,
                                   CanonicalRequest request) {
        try {
            return calls.call(provider, adapter, target, endpoint, request, credentials.apiKey(provider));
        } catch (IllegalArgumentException e) {
            throw new UntranslatableRequest(provider.type().wireName(), e.getMessage());
        }
    }

    /** An attempt answered: its breaker, the health window and the exchange learn of it, and the target serves the request. */
    void answered(Exchange exchange, CircuitBreaker breaker, ProviderSpec provider, Target target, int status, long took) {
        breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        health.record(provider.name(), target.model(), took / 1e6, true);
        exchange.attempted(new Attempt(provider.name(), target.model(), status, null, took / 1e6), took);
        exchange.servedBy(provider.name(), target.model());
    }

    /** An attempt failed in a way worth retrying: its breaker, the health window and the exchange learn of it. */
    void failed(Exchange exchange, CircuitBreaker breaker, ProviderSpec provider, Target target, TargetCall.Failed failed, long took) {
        breaker.onError(took, TimeUnit.NANOSECONDS, new UpstreamFailure(UpstreamFailure.Kind.BROKEN, failed.error(), null));
        health.record(provider.name(), target.model(), took / 1e6, false);
        exchange.attempted(new Attempt(provider.name(), target.model(), failed.status(), failed.error(), took / 1e6), took);
    }

    /** Why a target is skipped without a call, or null when it can be called. */
    String unusableBecause(ProviderSpec provider, ProviderAdapter adapter, Endpoint endpoint) {
        if (adapter == null) {
            return "provider type " + provider.type().wireName() + " is not served by this version";
        }
        if (!adapter.serves(endpoint)) {
            return "provider type " + provider.type().wireName() + " does not serve " + endpoint.openAiPath();
        }
        if (provider.apiKey().isPresent() && credentials.apiKey(provider) == null) {
            return "not configured: " + provider.apiKey().get() + " is not set";
        }
        return null;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
