package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.exchange.BodyRecorder;
import dev.warden.gateway.exchange.ClientRequest;
import dev.warden.gateway.exchange.ClientResponse;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.health.ProviderHealth;
import dev.warden.gateway.intent.IntentService;
import dev.warden.gateway.policy.ActivePolicy;
import dev.warden.gateway.policy.PolicyProperties;
import dev.warden.gateway.provider.CanonicalRequest;
import dev.warden.gateway.quota.RateLimitHeaders;
import dev.warden.gateway.quota.RequestBudgets;
import dev.warden.gateway.provider.Endpoint;
import dev.warden.gateway.provider.StreamFailure;
import dev.warden.gateway.provider.openai.OpenAiChunks;
import dev.warden.gateway.routing.Dispatch;
import dev.warden.gateway.routing.FallbackDispatcher;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.Decision;
import dev.warden.policy.Intent;
import dev.warden.policy.Plan;
import dev.warden.policy.PolicyBundle;
import dev.warden.policy.PolicyInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The path every request takes once its surface has put it in canonical (OpenAI) form: ask the
 * policy, shape the body as the plan says, send it to the plan's targets with retries and
 * fallback, and relay the answer (whole, or as a stream) in the client's own API. This is that
 * path on a thread of its own, and the steps {@link LoopPipeline}, the same path from an event
 * loop, shares with it: the decision and the relay.
 */
@Component
public class GatewayPipeline {

    private static final String FALLBACK_HEADER = "x-warden-fallback";

    private final WireJson wire;
    private final ActivePolicy policy;
    private final FallbackDispatcher dispatcher;
    private final OpenAiStreamPassthrough passthrough;
    private final CanonicalStreamRelay relay;
    private final StreamEnds ends;
    private final UpstreamErrors upstreamErrors;
    private final ProviderHealth health;
    private final RequestBudgets budgets;
    private final RateLimitHeaders rateLimits;
    private final IntentService intents;
    private final String org;
    private final Clock clock;
    private final long maxResponseBytes;

    GatewayPipeline(WireJson wire, ActivePolicy policy, FallbackDispatcher dispatcher, OpenAiStreamPassthrough passthrough,
                    CanonicalStreamRelay relay, StreamEnds ends, UpstreamErrors upstreamErrors, ProviderHealth health,
                    RequestBudgets budgets, RateLimitHeaders rateLimits, IntentService intents, GatewayProperties properties,
                    PolicyProperties policyProperties, Clock clock) {
        this.intents = intents;
        this.health = health;
        this.budgets = budgets;
        this.rateLimits = rateLimits;
        this.wire = wire;
        this.policy = policy;
        this.dispatcher = dispatcher;
        this.passthrough = passthrough;
        this.relay = relay;
        this.ends = ends;
        this.upstreamErrors = upstreamErrors;
        this.org = policyProperties.org();
        this.clock = clock;
        this.maxResponseBytes = properties.maxResponseSize().toBytes();
    }

    /**
     * @param canonical the request in OpenAI's form, already checked by the surface
     * @param original  the client's bytes when they are that form already (OpenAI clients), else null
     */
    public void serve(ClientRequest request, ClientResponse response, Endpoint endpoint, ObjectNode canonical,
                      byte[] original, ClientSurface surface) throws IOException {
        dispatchRelayAndEnd(decide(request, policy.engine(), endpoint, canonical, original, surface), response, endpoint, canonical);
    }

    /**
     * {@link #dispatchAndRelay}, and for a stream its response's end as {@link StreamEnds} says:
     * what {@link #serve} does once it has decided, and what a request decided on a loop does on
     * the worker it is handed to.
     */
    void dispatchRelayAndEnd(Decided call, ClientResponse response, Endpoint endpoint, ObjectNode canonical)
            throws IOException {
        dispatchAndRelay(call, response, endpoint, canonical);
        if (call.stream()) {
            ends.afterRelay(response, call.exchange());
        }
    }

    /** What {@link #serve} does after deciding (on a worker, for a decision made on the loop whose call may block). */
    private void dispatchAndRelay(Decided call, ClientResponse response, Endpoint endpoint, ObjectNode canonical) throws IOException {
        var reservation = budgets.reserve(call.exchange(), call.engine().prices(), call.plan(), endpoint, canonical, org);
        rateLimits.write(response, call.plan().limits(), reservation);
        try (var dispatch = dispatcher.dispatch(call.exchange(), call.engine().bundle(), call.plan().route().get(),
                call.plan().targets(), endpoint, call.upstream())) {
            relay(call, dispatch, response);
        } finally {
            budgets.finish(call.exchange(), call.engine().prices(), reservation);
        }
    }

    /** A request the policy allowed, shaped as its plan says and ready to send. */
    record Decided(Exchange exchange, PolicyEngine engine, Plan plan, CanonicalRequest upstream, boolean stream,
                   boolean clientWantsUsage, ClientSurface surface) {
    }

    /** Asks the policy, records its decision and shapes the body; throws the refusal of a request it does not allow. */
    Decided decide(ClientRequest request, PolicyEngine engine, Endpoint endpoint, ObjectNode canonical, byte[] original,
                           ClientSurface surface) {
        var exchange = request.exchange();
        exchange.underBundle(engine.bundle());
        var model = canonical.get("model").asText();
        boolean stream = canonical.path("stream").asBoolean(false);
        exchange.requested(model, stream);
        var labels = ClientLabels.of(request.header(ClientLabels.HEADER), canonical.get("metadata"));
        var intent = intents.classify(engine, canonical).map(Intent::wireName).orElse(null);
        exchange.classified(intent);
        var decision = engine.evaluate(PolicyInputs.of(request, exchange.principal(), org, canonical, labels, clock.instant(),
                engine.readsRouteStats() ? routeStats(engine.bundle(), model) : PolicyInput.RouteStats.NEUTRAL, intent,
                engine.readsHeaders()));
        exchange.decided(decision, labels);
        var plan = allowedPlan(decision, model);
        exchange.routed(plan.route().orElseThrow());
        boolean shaped = shape(canonical, plan, exchange);
        if (plan.recordBodies() > 0) {
            exchange.recordBodies(new BodyRecorder(plan.redactor(), plan.recordBodies()),
                    new String(wire.write(canonical), StandardCharsets.UTF_8));
        }
        boolean clientWantsUsage = canonical.path("stream_options").path("include_usage").asBoolean(false);
        var upstreamRequest = new CanonicalRequest(canonical, shaped ? null : original, stream, stream, wire.mapper());
        return new Decided(exchange, engine, plan, upstreamRequest, stream, clientWantsUsage, surface);
    }

    /** Relays an answer read whole, or a stream read on a worker, in the client's own API. */
    void relay(Decided call, Dispatch dispatch, ClientResponse response) throws IOException {
        markFallback(dispatch, response);
        if (dispatch.response().status() >= 300) {
            upstreamErrors.relay(dispatch, call.exchange(), response, call.surface());
        } else if (call.stream()) {
            relayStream(call, dispatch, response);
        } else {
            relayWhole(dispatch, call.exchange(), response, call.surface());
        }
    }

    /** Says on the response when a target other than the route's first answered. */
    static void markFallback(Dispatch dispatch, ClientResponse response) {
        if (dispatch.fallback()) {
            response.header(FALLBACK_HEADER, "true");
        }
    }

    /** The health of the requested route's first target, for {@code route.*} in conditions. */
    private PolicyInput.RouteStats routeStats(PolicyBundle bundle, String model) {
        return bundle.route(model).map(route -> route.targets().getFirst())
                .map(target -> health.stats(target.provider(), target.model()))
                .map(stats -> new PolicyInput.RouteStats(stats.errorRate(), stats.latencyP50Ms(), stats.latencyP95Ms()))
                .orElse(PolicyInput.RouteStats.NEUTRAL);
    }

    private static Plan allowedPlan(Decision decision, String model) {
        return switch (decision) {
            case Decision.Deny deny -> throw new GatewayException(HttpStatus.FORBIDDEN, "permission_error", "policy_denied", null,
                    "Denied by policy rule '" + deny.rule() + "': " + deny.message());
            case Decision.Reject reject -> throw new GatewayException(HttpStatus.BAD_REQUEST, "invalid_request_error",
                    "policy_requirement", null, reject.message());
            case Decision.Allow allow when allow.plan().route().isEmpty() -> throw GatewayException.unknownModel(model);
            case Decision.Allow allow -> allow.plan();
        };
    }

    /** Applies redaction and coaching; returns whether the body changed. */
    private static boolean shape(ObjectNode body, Plan plan, Exchange exchange) {
        var redactions = RequestShaping.redact(body, plan.redactor());
        if (!redactions.isEmpty()) {
            exchange.redacted(redactions);
        }
        boolean coached = RequestShaping.coach(body, plan.instructions());
        return !redactions.isEmpty() || coached;
    }

    private void relayStream(Decided call, Dispatch dispatch, ClientResponse response) throws IOException {
        StreamSteps.relayAll(streamSteps(call, dispatch, response, dispatch.response()::abort), dispatch.firstEvent(),
                dispatch.events(), call.exchange());
    }

    /**
     * Begins a stream's response and gives the steps that relay its events: as they are for an
     * OpenAI stream to an OpenAI client, else translated into canonical chunks that the client's
     * surface encodes.
     */
    StreamSteps streamSteps(Decided call, Dispatch dispatch, ClientResponse response, Runnable abortUpstream)
            throws IOException {
        var exchange = call.exchange();
        var translator = dispatch.adapter().streamTranslator(dispatch.target());
        if (translator == null && call.surface().speaksOpenAi()) {
            EventStreamHead.start(response, exchange);
            return passthrough.steps(exchange, new ClientStream(response.body(), abortUpstream), !call.clientWantsUsage());
        }
        var sink = call.surface().openStream(response, exchange, call.clientWantsUsage());
        return relay.steps(translator == null ? new OpenAiChunks() : translator, exchange, sink, abortUpstream);
    }

    private void relayWhole(Dispatch dispatch, Exchange exchange, ClientResponse response, ClientSurface surface)
            throws IOException {
        long start = System.nanoTime();
        byte[] body;
        try {
            body = dispatch.response().readBody(maxResponseBytes);
        } catch (IOException e) {
            throw UpstreamErrors.brokenBody(e);
        } finally {
            exchange.waitedUpstream(System.nanoTime() - start);
        }
        byte[] canonicalBytes;
        try {
            canonicalBytes = dispatch.adapter().canonicalResponse(body, dispatch.target());
        } catch (StreamFailure | IllegalArgumentException e) {
            throw new GatewayException(HttpStatus.BAD_GATEWAY, "upstream_error", "upstream_malformed", null,
                    "The upstream's answer could not be read: " + e.getMessage());
        }
        var scan = CompletionScan.of(canonicalBytes, wire.mapper().getFactory());
        if (scan == null) {
            throw new GatewayException(HttpStatus.BAD_GATEWAY, "upstream_error", "upstream_malformed", null,
                    "The upstream's answer is not valid JSON.");
        }
        if (scan.usage()) {
            exchange.usage(scan.promptTokens(), scan.completionTokens());
        }
        if (exchange.bodies() != null) {
            exchange.bodies().append(new String(canonicalBytes, StandardCharsets.UTF_8));
        }
        surface.writeCompletion(response, exchange, canonicalBytes);
    }
}
