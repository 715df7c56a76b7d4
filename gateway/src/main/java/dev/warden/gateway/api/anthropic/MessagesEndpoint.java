package dev.warden.gateway.api.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.api.GatewayPipeline;
import dev.warden.gateway.api.LoopPipeline;
import dev.warden.gateway.api.ModelEndpoint;
import dev.warden.gateway.api.RequestBodies;
import dev.warden.gateway.api.RequestLoop;
import dev.warden.gateway.api.WireJson;
import dev.warden.gateway.provider.Endpoint;
import dev.warden.gateway.exchange.ClientRequest;
import dev.warden.gateway.exchange.ClientResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * Anthropic's {@code POST /v1/messages}, whole or streamed, so that the official Anthropic SDKs
 * work against the gateway; requests go through the same policy and routing as OpenAI's, to any
 * provider type. Errors come back in Anthropic's shape.
 */
@Component
class MessagesEndpoint implements ModelEndpoint {

    private final RequestBodies bodies;
    private final WireJson wire;
    private final GatewayPipeline pipeline;
    private final LoopPipeline loopPipeline;
    private final AnthropicSurface surface;

    MessagesEndpoint(RequestBodies bodies, WireJson wire, GatewayPipeline pipeline, LoopPipeline loopPipeline, AnthropicSurface surface) {
        this.bodies = bodies;
        this.wire = wire;
        this.pipeline = pipeline;
        this.loopPipeline = loopPipeline;
        this.surface = surface;
    }

    @Override
    public String path() {
        return "/v1/messages";
    }

    @Override
    public void serve(ClientRequest request, ClientResponse response) throws IOException {
        pipeline.serve(request, response, Endpoint.CHAT, canonical(request), null, surface);
    }

    /** The same, from the request's event loop: reading and translating the body never blocks. */
    @Override
    public CompletableFuture<Void> serveOnLoop(ClientRequest request, ClientResponse response, RequestLoop loop) throws IOException {
        return loopPipeline.serve(request, response, Endpoint.CHAT, canonical(request), null, surface, loop);
    }

    /** The request in OpenAI's form, which the pipeline takes from every surface. */
    private ObjectNode canonical(ClientRequest request) throws IOException {
        var body = wire.parseObject(bodies.read(request));
        try {
            return MessagesRequests.toOpenAi(body);
        } catch (IllegalArgumentException e) {
            var message = e.getMessage();
            int colon = message == null ? -1 : message.indexOf(':');
            throw GatewayException.badRequest(colon > 0 ? message.substring(0, colon) : null, message);
        }
    }
}
