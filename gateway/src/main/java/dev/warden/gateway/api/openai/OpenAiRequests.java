package dev.warden.gateway.api.openai;

import dev.warden.gateway.api.FieldRules;
import dev.warden.gateway.api.GatewayPipeline;
import dev.warden.gateway.api.LoopPipeline;
import dev.warden.gateway.api.RequestBodies;
import dev.warden.gateway.api.RequestLoop;
import dev.warden.gateway.api.WireJson;
import dev.warden.gateway.provider.Endpoint;
import dev.warden.gateway.exchange.ClientRequest;
import dev.warden.gateway.exchange.ClientResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/** OpenAI-shaped requests are canonical already: read, check the fields' types, and serve. */
@Component
class OpenAiRequests {

    private final RequestBodies bodies;
    private final WireJson wire;
    private final GatewayPipeline pipeline;
    private final LoopPipeline loopPipeline;
    private final OpenAiSurface surface;

    OpenAiRequests(RequestBodies bodies, WireJson wire, GatewayPipeline pipeline, LoopPipeline loopPipeline, OpenAiSurface surface) {
        this.bodies = bodies;
        this.wire = wire;
        this.pipeline = pipeline;
        this.loopPipeline = loopPipeline;
        this.surface = surface;
    }

    void serve(ClientRequest request, ClientResponse response, Endpoint endpoint, FieldRules rules) throws IOException {
        var original = bodies.read(request);
        var body = wire.parseObject(original);
        rules.check(body);
        pipeline.serve(request, response, endpoint, body, original, surface);
    }

    /** The same, from the request's event loop: reading and checking the body never blocks. */
    CompletableFuture<Void> serveOnLoop(ClientRequest request, ClientResponse response, Endpoint endpoint, FieldRules rules,
                                        RequestLoop loop) throws IOException {
        var original = bodies.read(request);
        var body = wire.parseObject(original);
        rules.check(body);
        return loopPipeline.serve(request, response, endpoint, body, original, surface, loop);
    }
}
