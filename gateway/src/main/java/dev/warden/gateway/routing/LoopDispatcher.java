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
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import dev.warden.gateway.provider.SseFeed;
import org.springframework.stereotype.Component;

/**
 * {@link FallbackDispatcher}'s rules, kept on the event loop the request was
 * read on: the same order of targets, retries with backoff, circuit breakers, health and attempts
 * on the exchange, and the same failures at the end, with the calls made by {@link LoopUpstream}
 * and every wait (a backoff, the total time limit, a stream's first event) a timer on the loop
 * instead of a thread asleep. The future completes on the loop.
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
     * @return completes with the answering target's whole response (for a stream that began with a 2xx,
     *         its head, its first event and its {@link SseFeed}), or with {@link UpstreamUnavailable}
     *         or {@link UntranslatableRequest} as {@link FallbackDispatcher#dispatch} throws them.
     *         Cancelling it abandons the dispatch (its client went away, say): the attempt in
     *         flight is cancelled, and no retry or fallback follows. That is done on {@code loop},
     *         which owns the attempt; a cancel from elsewhere throws {@link IllegalStateException}.
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
        /**
         * Cancelled, it abandons the dispatch before anything that waits on it runs, so that the
         * abandoned call is among the attempts the record is closed with. That needs the loop, which
         * owns the call in flight: a cancel from elsewhere would record it after the record closed.
         */
        private final CompletableFuture<Dispatch> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                if (isDone()) {
                    return false;
                }
                if (!loop.inEventLoop()) {
                    throw new IllegalStateException("a loop dispatch is abandoned on its own event loop");
                }
                // Cancelling the call completes its answer here and now, before this future is done:
                // its handlers must already see the dispatch abandoned, or they would judge the
                // cancellation as the provider's failure (against its breaker) and try again.
                abandoning = true;
                boolean cancelled = false;
                try {
                    abandon();
                } finally {
                    // whatever the abandoning threw, the dispatch ends, so that its request is recorded and settled
                    cancelled = super.cancel(mayInterruptIfRunning);
                }
                return cancelled;
            }
        };
        /** Set as the dispatch is abandoned, before its call is cancelled; read on the loop. */
        private boolean abandoning;
        private TargetCall.Failed lastFailure;
        private int index;
        private ProviderSpec provider;
        private ProviderAdapter adapter;
        private CircuitBreaker breaker;
        /** The call in flight, not yet judged, and when it was sent; cancelled if the dispatch is abandoned. */
        private LoopUpstream.Call current;
        private long currentSince;

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
            if (over()) {
                return; // abandoned
            }
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
            if (over()) {
                return; // abandoned during a backoff
            }
            var target = targets.get(index);
            if (!breaker.tryAcquirePermission()) {
                exchange.attempted(new Attempt(provider.name(), target.model(), 0, "circuit open", 0), 0);
                target(index + 1);
                return;
            }
            org.apache.hc.client5.http.classic.methods.HttpUriRequestBase http;
            try {
                http = unjudged(() -> adapter.request(provider, target, endpoint, request, credentials.apiKey(provider)));
            } catch (IllegalArgumentException e) {
                result.completeExceptionally(new UntranslatableRequest(provider.type().wireName(), e.getMessage()));
                return;
            }
            long start = System.nanoTime();
            boolean stream = request.stream();
            var feed = stream ? new SseFeed() : null;
            var call = unjudged(() -> upstream.send(loop, provider, http, maxResponseBytes, feed));
            current = call;
            currentSince = start;
            var limits = new CallLimits(loop, provider, call, stream);
            call.answer().whenComplete((response, failure) -> guarded(() -> {
                if (over()) {
                    abandoned(response, limits);
                    return;
                }
                if (!(response != null && stream && response.status() / 100 == 2)) {
                    current = null; // judged below
                }
                if (response != null && stream && response.status() / 100 == 2) {
                    awaitFirstEvent(attempt, feed, response, limits, start);
                    return;
                }
                limits.cancel();
                // to the answer's head, as the blocking dispatcher measures it, for the breaker's slow calls and route health
                long took = (call.headAt() != 0 ? call.headAt() : System.nanoTime()) - start;
                judge(attempt, response != null ? TargetCall.judged(response, null) : limits.failed(failure), took);
            }));
        }

        /**
         * A stream that began with a 2xx is answered by its first event, as on the blocking
         * dispatcher: one that ends, breaks off or reports an error before it fails this attempt,
         * which may then be retried or fall back. Its time is measured to that event, as there.
         */
        private void awaitFirstEvent(int attempt, SseFeed feed, UpstreamResponse response, CallLimits limits, long start) {
            var decided = new boolean[1];
            Runnable firstEvent = () -> guarded(() -> {
                if (!decided[0] && over()) {
                    decided[0] = true;
                    abandoned(response, limits);
                    return;
                }
                var event = decided[0] ? null : feed.poll();
                if (decided[0] || (event == null && feed.failure() == null && !feed.ended())) {
                    return;
                }
                decided[0] = true;
                current = null;
                limits.cancelFirst();
                long took = System.nanoTime() - start;
                if (event == null && feed.failure() != null) {
                    response.abort();
                    limits.cancel();
                    judge(attempt, limits.failed(feed.failure()), took);
                    return;
                }
                var fault = TargetCall.firstEventFault(event);
                if (fault != null) {
                    response.abort();
                    limits.cancel();
                    judge(attempt, new TargetCall.Failed(0, fault, UpstreamFailure.Kind.BROKEN, null, null), took);
                    return;
                }
                var target = targets.get(index);
                rules.answered(exchange, breaker, provider, target, response.status(), took);
                result.complete(new Dispatch(target, provider, adapter, response, index > 0, null, feed, event, limits::cancel));
            });
            feed.listen(firstEvent);
            // Nothing is queued yet today (a body's bytes are pushed after the answer completes, and this
            // runs as it completes), but a feed that had something would not call its listener for it again.
            firstEvent.run();
        }

        /**
         * A step between an attempt's permission and its call in flight. Should it throw, nothing
         * was called: a request no provider can take, or the gateway's own failure (a loop that
         * stopped taking work, say), does not use up a half-open breaker's trial call.
         */
        private <T> T unjudged(Supplier<T> step) {
            try {
                return step.get();
            } catch (RuntimeException | Error e) {
                breaker.releasePermission();
                throw e;
            }
        }

        /** Whether the dispatch has ended, or is being abandoned: nothing more is tried or judged. */
        private boolean over() {
            return abandoning || result.isDone();
        }

        /** Records and cancels the call in flight of a dispatch abandoned by its caller. */
        private void abandon() {
            var call = current;
            if (call == null) {
                return; // between attempts: none is in flight, and none follows
            }
            current = null;
            long took = System.nanoTime() - currentSince;
            exchange.attempted(new Attempt(provider.name(), targets.get(index).model(), 0, "abandoned: the client went away",
                    took / 1e6), took);
            call.cancel("the dispatch was abandoned");
        }

        /**
         * An attempt's end after its dispatch was abandoned: its answer, if any, is dropped, and its
         * breaker's permission given back unjudged, as nobody is left to answer.
         */
        private void abandoned(UpstreamResponse response, CallLimits limits) {
            limits.cancel();
            breaker.releasePermission();
            if (response != null) {
                response.abort();
            }
        }

        /** As the body of {@link FallbackDispatcher#dispatch}'s attempt loop, after the call. */
        private void judge(int attempt, TargetCall.Result outcome, long took) {
            var target = targets.get(index);
            if (outcome instanceof TargetCall.Answered answered) {
                rules.answered(exchange, breaker, provider, target, answered.response().status(), took);
                result.complete(new Dispatch(target, provider, adapter, answered.response(), index > 0, null, null, null, null));
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
                result.complete(new Dispatch(target, provider, adapter, failed.response(), index > 0, null, null, null, null));
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
