package dev.warden.gateway.api.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.FieldRules;
import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.api.GatewayProperties;
import dev.warden.gateway.api.RequestBodies;
import dev.warden.gateway.api.WireJson;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.policy.ActivePolicy;
import dev.warden.gateway.provider.UpstreamResponse;
import dev.warden.gateway.routing.Dispatch;
import dev.warden.gateway.routing.FallbackDispatcher;
import dev.warden.policy.Target;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;

/**
 * The path every OpenAI-shaped request takes: read and check the body, find the route, send it
 * to the route's targets, and relay the answer (whole, or as a stream).
 */
@Component
class OpenAiProxy {

    private final RequestBodies bodies;
    private final WireJson wire;
    private final ActivePolicy policy;
    private final FallbackDispatcher dispatcher;
    private final SseRelay sse;
    private final UpstreamErrors upstreamErrors;
    private final long maxResponseBytes;

    OpenAiProxy(RequestBodies bodies, WireJson wire, ActivePolicy policy, FallbackDispatcher dispatcher, SseRelay sse,
                UpstreamErrors upstreamErrors, GatewayProperties properties) {
        this.bodies = bodies;
        this.wire = wire;
        this.policy = policy;
        this.dispatcher = dispatcher;
        this.sse = sse;
        this.upstreamErrors = upstreamErrors;
        this.maxResponseBytes = properties.maxResponseSize().toBytes();
    }

    void proxy(HttpServletRequest request, HttpServletResponse response, String path, FieldRules rules) throws IOException {
        var exchange = Exchange.of(request);
        var bundle = policy.current();
        exchange.underBundle(bundle.revision());
        var original = bodies.read(request);
        var body = wire.parseObject(original);
        rules.check(body);
        var model = body.get("model").asText();
        boolean stream = body.path("stream").asBoolean(false);
        exchange.requested(model, stream);
        var route = bundle.route(model).orElseThrow(() -> GatewayException.unknownModel(model));
        exchange.routed(route.name());
        boolean hideUsage = stream && !body.path("stream_options").path("include_usage").asBoolean(false);
        var dispatch = dispatcher.dispatch(exchange, bundle, route, path, stream,
                target -> upstreamBody(original, body, target, stream, hideUsage));
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

    /**
     * The body as the target must see it: the client's bytes untouched when nothing needs to
     * change, otherwise the parsed tree with only the model (and, for streams, the usage option)
     * rewritten.
     */
    private byte[] upstreamBody(byte[] original, ObjectNode body, Target target, boolean stream, boolean hideUsage) {
        boolean sameModel = target.model().equals(body.get("model").asText());
        if (sameModel && !hideUsage) {
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
