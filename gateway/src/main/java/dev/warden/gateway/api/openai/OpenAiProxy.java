package dev.warden.gateway.api.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.ClientLabels;
import dev.warden.gateway.api.FieldRules;
import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.api.GatewayProperties;
import dev.warden.gateway.api.RequestBodies;
import dev.warden.gateway.api.WireJson;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.policy.ActivePolicy;
import dev.warden.gateway.policy.PolicyProperties;
import dev.warden.gateway.provider.UpstreamResponse;
import dev.warden.gateway.routing.FallbackDispatcher;
import dev.warden.policy.Decision;
import dev.warden.policy.Plan;
import dev.warden.policy.Target;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The path every OpenAI-shaped request takes: read and check the body, ask the policy, shape the
 * body as the plan says, send it to the plan's targets, and relay the answer (whole, or as a
 * stream).
 */
@Component
class OpenAiProxy {

    private final RequestBodies bodies;
    private final WireJson wire;
    private final ActivePolicy policy;
    private final FallbackDispatcher dispatcher;
    private final SseRelay sse;
    private final UpstreamErrors upstreamErrors;
    private final String org;
    private final Clock clock;
    private final long maxResponseBytes;

    OpenAiProxy(RequestBodies bodies, WireJson wire, ActivePolicy policy, FallbackDispatcher dispatcher, SseRelay sse,
                UpstreamErrors upstreamErrors, GatewayProperties properties, PolicyProperties policyProperties, Clock clock) {
        this.bodies = bodies;
        this.wire = wire;
        this.policy = policy;
        this.dispatcher = dispatcher;
        this.sse = sse;
        this.upstreamErrors = upstreamErrors;
        this.org = policyProperties.org();
        this.clock = clock;
        this.maxResponseBytes = properties.maxResponseSize().toBytes();
    }

    void proxy(HttpServletRequest request, HttpServletResponse response, String path, FieldRules rules) throws IOException {
        var exchange = Exchange.of(request);
        var engine = policy.engine();
        exchange.underBundle(engine.bundle());
        var original = bodies.read(request);
        var body = wire.parseObject(original);
        rules.check(body);
        var model = body.get("model").asText();
        boolean stream = body.path("stream").asBoolean(false);
        exchange.requested(model, stream);
        var labels = ClientLabels.of(request.getHeader(ClientLabels.HEADER), body.get("metadata"));
        var decision = engine.evaluate(PolicyInputs.of(request, exchange.principal(), org, body, labels, clock.instant()));
        exchange.decided(decision, labels);
        var plan = allowedPlan(decision, model);
        exchange.routed(plan.route().orElseThrow());
        boolean shaped = shape(body, plan, exchange);
        boolean hideUsage = stream && !body.path("stream_options").path("include_usage").asBoolean(false);
        var dispatch = dispatcher.dispatch(exchange, engine.bundle(), plan.route().get(), plan.targets(), path, stream,
                target -> upstreamBody(shaped ? null : original, body, target, hideUsage));
        try (var upstream = dispatch.response()) {
            if (upstream.status() >= 300) {
                upstreamErrors.relay(upstream, exchange, response);
            } else if (stream) {
                sse.relay(upstream, exchange, response, hideUsage);
            } else {
                relayWhole(upstream, exchange, response);
            }
        }
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

    /**
     * The body as the target must see it: the client's bytes untouched when nothing needs to
     * change, otherwise the parsed tree with the model (and, for streams, the usage option)
     * rewritten.
     */
    private byte[] upstreamBody(byte[] original, ObjectNode body, Target target, boolean hideUsage) {
        boolean sameModel = target.model().equals(body.get("model").asText());
        if (original != null && sameModel && !hideUsage) {
            return original;
        }
        var copy = body.deepCopy();
        copy.put("model", target.model());
        if (hideUsage) {
            copy.withObject("stream_options").put("include_usage", true);
        }
        return wire.write(copy);
    }

    private void relayWhole(UpstreamResponse upstream, Exchange exchange, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        var bytes = readOrFail(upstream);
        exchange.waitedUpstream(System.nanoTime() - start);
        var usage = Usage.from(wire.parseLenient(bytes));
        if (usage != null) {
            exchange.usage(usage.promptTokens(), usage.completionTokens());
        }
        response.setStatus(upstream.status());
        response.setContentType(upstream.contentType());
        response.setContentLength(bytes.length);
        exchange.stampHeaders(response);
        response.getOutputStream().write(bytes);
    }

    private byte[] readOrFail(UpstreamResponse upstream) {
        try {
            return upstream.readBody(maxResponseBytes);
        } catch (IOException e) {
            throw UpstreamErrors.brokenBody(e);
        }
    }
}
