package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.GatewayPipeline.Decided;
import dev.warden.gateway.exchange.ClientGone;
import dev.warden.gateway.exchange.ClientRequest;
import dev.warden.gateway.exchange.ClientResponse;
import dev.warden.gateway.intent.IntentService;
import dev.warden.gateway.policy.ActivePolicy;
import dev.warden.gateway.policy.PolicyProperties;
import dev.warden.gateway.provider.Endpoint;
import dev.warden.gateway.quota.RateLimitHeaders;
import dev.warden.gateway.quota.RequestBudgets;
import dev.warden.gateway.quota.Reservation;
import dev.warden.gateway.quota.WouldWait;
import dev.warden.gateway.routing.Dispatch;
import dev.warden.gateway.routing.LoopDispatcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * {@link GatewayPipeline}'s path taken from the event loop that read the request, holding no
 * thread (src/bench/RESULTS.md, items 64-69): decided as there, then reserved, sent, awaited and
 * relayed with completions on the loop ({@link LoopDispatcher}, {@link LoopStreamRelay}), and
 * handed to a worker at the step where it would otherwise block.
 */
@Component
public class LoopPipeline {

    private final GatewayPipeline pipeline;
    private final ActivePolicy policy;
    private final IntentService intents;
    private final LoopDispatcher loopDispatcher;
    private final LoopStreamRelay loopStreams;
    private final RequestBudgets budgets;
    private final RateLimitHeaders rateLimits;
    private final StreamEnds ends;
    private final LoopServed loopServed;
    private final String org;
    private final long maxResponseBytes;

    LoopPipeline(GatewayPipeline pipeline, ActivePolicy policy, IntentService intents, LoopDispatcher loopDispatcher,
                 LoopStreamRelay loopStreams, RequestBudgets budgets, RateLimitHeaders rateLimits, StreamEnds ends,
                 GatewayProperties properties, PolicyProperties policyProperties, MeterRegistry meters) {
        this.pipeline = pipeline;
        this.policy = policy;
        this.intents = intents;
        this.loopDispatcher = loopDispatcher;
        this.loopStreams = loopStreams;
        this.budgets = budgets;
        this.rateLimits = rateLimits;
        this.ends = ends;
        this.loopServed = LoopServed.in(meters);
        this.org = policyProperties.org();
        this.maxResponseBytes = properties.maxResponseSize().toBytes();
    }

    /**
     * {@link GatewayPipeline#serve} from the event loop the request was read on. An answer from targets served
     * over HTTP or HTTPS is decided, sent, awaited and relayed there, with no thread of its own:
     * whole, or as a stream, its events as they are or translated for the client's surface. What
     * may block goes to a worker from the step where it would: a bundle that classifies intents
     * with the model in this process, a target of another kind. A quota lease
     * that must wait for its store is refilled on a worker, and the request comes back to the loop.
     */
    public CompletableFuture<Void> serve(ClientRequest request, ClientResponse response, Endpoint endpoint,
                                         ObjectNode canonical, byte[] original, ClientSurface surface, RequestLoop loop) {
        var engine = policy.engine();
        if (intents.classifies(engine)) {
            loopServed.intent.increment();
            return loop.onWorker(() -> pipeline.serve(request, response, endpoint, canonical, original, surface));
        }
        var call = pipeline.decide(request, engine, endpoint, canonical, original, surface);
        var targets = call.plan().targets();
        if (!loopDispatcher.serves(engine.bundle(), targets)) {
            loopServed.target.increment();
            return loop.onWorker(() -> pipeline.dispatchRelayAndEnd(call, response, endpoint, canonical));
        }
        Reservation reservation;
        try {
            reservation = budgets.reserveWithoutWaiting(call.exchange(), engine.prices(), call.plan(), endpoint, canonical, org);
        } catch (WouldWait e) {
            // Only the refill waits, on a worker; the request then comes back to its loop, so the
            // first requests after an idle spell (when every lease has been handed back) take the
            // same path as the rest instead of the blocking client's.
            loopServed.lease.increment();
            return loop.supplyOnWorker(() -> budgets.reserve(call.exchange(), engine.prices(), call.plan(), endpoint, canonical, org))
                    .thenCompose(refilled -> backOnLoop(call, refilled, response, endpoint, loop));
        }
        loopServed.loop.increment();
        return dispatchOnLoop(call, reservation, response, endpoint, loop);
    }

    /** {@link #dispatchOnLoop} from a worker, for a reservation that had to wait for its lease. */
    private CompletableFuture<Void> backOnLoop(Decided call, Reservation reservation, ClientResponse response, Endpoint endpoint,
                                               RequestLoop loop) {
        var relayed = new CompletableFuture<Void>();
        try {
            loop.loop().execute(() -> dispatchOnLoop(call, reservation, response, endpoint, loop)
                    .whenComplete((done, failure) -> settle(relayed, failure)));
        } catch (RuntimeException refused) {
            // the loop is shutting down: give the units back, the request fails as any refused dispatch
            budgets.finish(call.exchange(), call.engine().prices(), reservation);
            relayed.completeExceptionally(refused);
        }
        return relayed;
    }

    /** Sends a decided and reserved request from the loop and relays its answer there, whole or streamed. */
    private CompletableFuture<Void> dispatchOnLoop(Decided call, Reservation reservation, ClientResponse response, Endpoint endpoint,
                                                   RequestLoop loop) {
        var engine = call.engine();
        CompletableFuture<Dispatch> dispatched;
        try {
            rateLimits.write(response, call.plan().limits(), reservation);
            dispatched = loopDispatcher.dispatch(loop.loop(), call.exchange(), engine.bundle(), call.plan().route().get(),
                    call.plan().targets(), endpoint, call.upstream(), maxResponseBytes);
        } catch (Throwable e) {
            // nothing was sent: the units go back, and the request fails as from a failed dispatch
            dispatched = CompletableFuture.failedFuture(e);
        }
        // A client gone before the answer abandons the dispatch: the attempt in flight is cancelled and
        // no retry or fallback follows, for nobody is left to answer (and a provider bills what it generates).
        var abandon = dispatched;
        var gone = new boolean[1];
        var watch = response.whenGone(() -> {
            gone[0] = true; // before the cancel, which completes the dispatch at once
            abandon.cancel(false);
        });
        var relayed = new CompletableFuture<Void>();
        dispatched.whenComplete((dispatch, failure) -> {
            watch.run();
            if (failure != null) {
                // Once the client is gone, whatever ended the dispatch (its cancellation, or a failure
                // on the way to it) is recorded as the client gone: nobody is left to tell otherwise.
                var outcome = gone[0] ? new ClientGone("the client closed its connection before the answer", failure) : failure;
                finishOnLoop(call, reservation, response, null, outcome, relayed);
                return;
            }
            CompletableFuture<Void> sent;
            try {
                sent = dispatch.feed() != null
                        ? relayStreamOnLoop(dispatch, call, response)
                        : relayAtOnce(call, dispatch, response);
            } catch (Throwable e) {
                sent = CompletableFuture.failedFuture(e);
            }
            sent.whenComplete((done, relayFailure) -> finishOnLoop(call, reservation, response, dispatch, relayFailure, relayed));
        });
        return relayed;
    }

    private CompletableFuture<Void> relayAtOnce(Decided call, Dispatch dispatch, ClientResponse response) throws IOException {
        pipeline.relay(call, dispatch, response);
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Void> relayStreamOnLoop(Dispatch dispatch, Decided call, ClientResponse response) throws IOException {
        GatewayPipeline.markFallback(dispatch, response);
        return loopStreams.relay(dispatch, call.exchange(), response,
                pipeline.streamSteps(call, dispatch, response, dispatch.feed()::cancel));
    }

    /**
     * As {@link GatewayPipeline}'s try-finally: the upstream call is closed and the reservation settled before the
     * exchange is closed into its record, and a stream's response ends as {@link StreamEnds} says.
     */
    private void finishOnLoop(Decided call, Reservation reservation, ClientResponse response, Dispatch dispatch, Throwable failure,
                              CompletableFuture<Void> relayed) {
        Throwable outcome = failure;
        if (dispatch != null) {
            try {
                dispatch.close();
            } catch (Throwable e) {
                outcome = outcome == null ? e : outcome;
            }
        }
        try {
            budgets.finish(call.exchange(), call.engine().prices(), reservation);
        } catch (Throwable e) {
            outcome = e;
        }
        if (call.stream() && outcome == null) {
            ends.afterRelay(response, call.exchange());
        }
        settle(relayed, outcome);
    }

    private static void settle(CompletableFuture<Void> relayed, Throwable failure) {
        if (failure == null) {
            relayed.complete(null);
        } else {
            relayed.completeExceptionally(failure);
        }
    }

    /** Where the requests begun on an event loop were served, and why those that left it did. */
    private record LoopServed(Counter loop, Counter intent, Counter target, Counter lease) {

        static LoopServed in(MeterRegistry meters) {
            return new LoopServed(count(meters, "loop", "none"), count(meters, "worker", "intent"),
                    count(meters, "worker", "target"), count(meters, "loop", "lease"));
        }

        private static Counter count(MeterRegistry meters, String on, String why) {
            return Counter.builder("warden.gateway.loop.requests")
                    .description("Model requests the event-loop front began: served on the loop, or on a worker and why "
                            + "(intent classification, a target in this process); "
                            + "why=lease on the loop: "
                            + "served there after its quota lease was refilled on a worker")
                    .tags("on", on, "why", why).register(meters);
        }
    }
}
