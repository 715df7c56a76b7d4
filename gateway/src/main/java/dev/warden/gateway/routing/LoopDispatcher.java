package dev.warden.gateway.routing;

import dev.warden.gateway.exchange.Attempt;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.CanonicalRequest;
import dev.warden.gateway.provider.Endpoint;
import dev.warden.gateway.provider.InProcessAdapter;
import dev.warden.gateway.provider.LoopUpstream;
import dev.warden.gateway.provider.ProviderAdapter;
import dev.warden.gateway.provider.ProviderAdapters;
import dev.warden.gateway.provider.UpstreamFailure;
import dev.warden.gateway.provider.UpstreamResponse;
import dev.warden.policy.PolicyBundle;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.RetrySpec;
import dev.warden.policy.RouteSpec;
import dev.warden.policy.Target;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * {@link FallbackDispatcher}'s rules for a whole answer, kept on the event loop the request was
 * read on: the same order of targets, retries with backoff, circuit breakers, health and attempts
 * on the exchange, and the same failures at the end, with the calls made by {@link LoopUpstream}
 * and every wait (a backoff, the total time limit) a timer on the loop instead of a thread
 * asleep. The future completes on the loop.
 */
@Component
public class LoopDispatcher {

    private final ProviderAdapters adapters;
    private final Credentials credentials;
    private final TargetBreakers breakers;
    private final LoopUpstream upstream;
    private final FallbackDispatcher rules;

    LoopDispatcher(ProviderAdapters adapters, Credentials credentials, TargetBreakers breakers, LoopUpstream upstream,
                   FallbackDispatcher rules) {
        this.adapters = adapters;
        this.credentials = credentials;
        this.breakers = breakers;
        this.upstream = upstream;
        this.rules = rules;
    }

    /**
     * Whether every target that would be called can be called from the loop: over HTTP or HTTPS, by
     * an adapter that is not a model in this process. A target the dispatcher skips without a
     * call (no adapter, no key) is skipped the same way on the loop.
     */
    public boolean serves(PolicyBundle bundle, List<Target> targets) {
        for (var target : targets) {
            var provider = bundle.provider(target.provider());
            var adapter = adapters.of(provider.type()).orElse(null);
            if (adapter instanceof InProcessAdapter || (adapter != null && !LoopUpstream.serves(provider))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Must be called on {@code loop}.
     *
     * @param maxResponseBytes the longest body relayed (a longer one fails as it is read, as from the blocking client)
     * @return completes with the answering target's whole response, or with {@link UpstreamUnavailable}
     *         or {@link UntranslatableRequest} as {@link FallbackDispatcher#dispatch} throws them
     */
    public CompletableFuture<Dispatch> dispatch(EventLoop loop, Exchange exchange, PolicyBundle bundle, String route,
                                                List<Target> targets, Endpoint endpoint, CanonicalRequest request,
                                                long maxResponseBytes) {
        var run = new Run(loop, exchange, bundle, route, targets, endpoint, request, maxResponseBytes);
        run.guarded(() -> run.target(0));
        return run.result;
    }

    /** One dispatch in progress: where it is among the targets and their attempts. */
    private final class Run {

        private final EventLoop loop;
        private final Exchange exchange;
        private final PolicyBundle bundle;
        private final String route;
        private final List<Target> targets;
        private final Endpoint endpoint;
        private final CanonicalRequest request;
        private final RetrySpec retry;
        private final long maxResponseBytes;
        private final List<String> skipped = new ArrayList<>();
        private final CompletableFuture<Dispatch> result = new CompletableFuture<>();
        private TargetCall.Failed lastFailure;
        private int index;
        private ProviderSpec provider;
        private ProviderAdapter adapter;
        private CircuitBreaker breaker;

        Run(EventLoop loop, Exchange exchange, PolicyBundle bundle, String route, List<Target> targets, Endpoint endpoint,
            CanonicalRequest request, long maxResponseBytes) {
            this.maxResponseBytes = maxResponseBytes;
            this.loop = loop;
            this.exchange = exchange;
            this.bundle = bundle;
            this.route = route;
            this.targets = targets;
            this.endpoint = endpoint;
            this.request = request;
            this.retry = bundle.route(route).map(RouteSpec::retry).orElse(RetrySpec.DEFAULT);
        }

        /** The first usable target from {@code from} on; when none is left, the dispatch fails as the blocking one does. */
        void target(int from) {
            for (int i = from; i < targets.size(); i++) {
                var target = targets.get(i);
                var candidate = bundle.provider(target.provider());
                var candidateAdapter = adapters.of(candidate.type()).orElse(null);
                var unusable = rules.unusableBecause(candidate, candidateAdapter, endpoint);
                if (unusable != null) {
                    exchange.attempted(new Attempt(candidate.name(), target.model(), 0, unusable, 0), 0);
                    skipped.add(candidate.name() + "/" + target.model() + ": " + unusable);
                    continue;
                }
                index = i;
                provider = candidate;
                adapter = candidateAdapter;
                breaker = breakers.of(provider, target.model());
                attempt(1);
                return;
            }
            result.completeExceptionally(UpstreamUnavailable.after(route, lastFailure, skipped));
        }

        void attempt(int attempt) {
            var target = targets.get(index);
            if (!breaker.tryAcquirePermission()) {
                exchange.attempted(new Attempt(provider.name(), target.model(), 0, "circuit open", 0), 0);
                target(index + 1);
                return;
            }
            org.apache.hc.client5.http.classic.methods.HttpUriRequestBase http;
            try {
                http = adapter.request(provider, target, endpoint, request, credentials.apiKey(provider));
            } catch (IllegalArgumentException e) {
                result.completeExceptionally(new UntranslatableRequest(provider.type().wireName(), e.getMessage()));
                return;
            }
            long start = System.nanoTime();
            var call = upstream.send(loop, provider, http, maxResponseBytes);
            var limit = provider.timeouts().total();
            var expired = new boolean[1];
            var total = loop.schedule(() -> {
                expired[0] = true;
                call.cancel();
            }, limit.toMillis(), TimeUnit.MILLISECONDS);
            call.answer().whenComplete((response, failure) -> guarded(() -> {
                total.cancel(false);
                // to the answer's head, as the blocking dispatcher measures it, for the breaker's slow calls and route health
                long took = (call.headAt() != 0 ? call.headAt() : System.nanoTime()) - start;
                TargetCall.Result result;
                if (response != null) {
                    result = TargetCall.judged(response, null);
                } else if (expired[0]) {
                    result = new TargetCall.Failed(0, TargetCall.TOTAL_LIMIT.apply(limit), UpstreamFailure.Kind.TIMEOUT, null, null);
                } else {
                    var cause = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
                    var upstreamFailure = cause instanceof UpstreamFailure known ? known
                            : new UpstreamFailure(UpstreamFailure.Kind.BROKEN, String.valueOf(cause), cause);
                    result = new TargetCall.Failed(0, upstreamFailure.getMessage(), upstreamFailure.kind(), null, null);
                }
                judge(attempt, result, took);
            }));
        }

        /** As the body of {@link FallbackDispatcher#dispatch}'s attempt loop, after the call. */
        private void judge(int attempt, TargetCall.Result outcome, long took) {
            var target = targets.get(index);
            if (outcome instanceof TargetCall.Answered answered) {
                rules.answered(exchange, breaker, provider, target, answered.response().status(), took);
                result.complete(new Dispatch(target, provider, adapter, answered.response(), index > 0, null, null, null));
                return;
            }
            var failed = (TargetCall.Failed) outcome;
            rules.failed(exchange, breaker, provider, target, failed, took);
            lastFailure = failed;
            boolean lastAttempt = attempt == retry.attempts();
            boolean lastTarget = index == targets.size() - 1;
            var delay = lastAttempt ? null : Backoff.before(attempt, retry, failed.retryAfter()).orElse(null);
            if (lastTarget && delay == null && failed.response() != null) {
                exchange.servedBy(provider.name(), target.model());
                result.complete(new Dispatch(target, provider, adapter, failed.response(), index > 0, null, null, null));
                return;
            }
            closeQuietly(failed.response());
            if (delay == null) {
                target(index + 1);
                return;
            }
            loop.schedule(() -> guarded(() -> attempt(attempt + 1)), delay.toMillis(), TimeUnit.MILLISECONDS);
        }

        /**
         * A step of the dispatch; whatever it throws (an Error too) ends the dispatch with it rather
         * than in the loop's log, so that the request is still answered and recorded.
         */
        void guarded(Runnable step) {
            try {
                step.run();
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }

        private static void closeQuietly(UpstreamResponse response) {
            if (response != null) {
                response.close();
            }
        }
    }
}
