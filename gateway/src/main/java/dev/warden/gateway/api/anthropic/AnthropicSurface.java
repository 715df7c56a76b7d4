package dev.warden.gateway.api.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.ClientSurface;
import dev.warden.gateway.api.EventStreamHead;
import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.api.StreamEnds;
import dev.warden.gateway.api.StreamSink;
import dev.warden.gateway.api.WireJson;
import dev.warden.gateway.exchange.ClientResponse;
import dev.warden.gateway.exchange.Exchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Anthropic's Messages API as the client sees it: messages, and streams of Anthropic's named events. */
@Component
class AnthropicSurface implements ClientSurface {

    private final WireJson wire;
    private final StreamEnds ends;

    AnthropicSurface(WireJson wire, StreamEnds ends) {
        this.wire = wire;
        this.ends = ends;
    }

    @Override
    public boolean speaksOpenAi() {
        return false;
    }

    @Override
    public void writeCompletion(ClientResponse response, Exchange exchange, byte[] canonicalBytes) throws IOException {
        byte[] message;
        try {
            var canonical = wire.parseLenient(canonicalBytes);
            if (canonical == null) {
                throw new IllegalArgumentException("it is not valid JSON");
            }
            message = wire.write(MessagesResponses.fromOpenAi(canonical, exchange.modelRequested()));
        } catch (IllegalArgumentException e) {
            throw new GatewayException(HttpStatus.BAD_GATEWAY, "upstream_error", "upstream_malformed", null,
                    "The upstream's answer could not be turned into a message: " + e.getMessage());
        }
        response.status(200);
        response.contentType("application/json");
        response.contentLength(message.length);
        exchange.stampHeaders(response);
        response.body().write(message);
    }

    @Override
    public StreamSink openStream(ClientResponse response, Exchange exchange, boolean clientWantsUsage) throws IOException {
        EventStreamHead.start(response, exchange);
        var out = response.body();
        var encoder = new AnthropicStreamEncoder(exchange.modelRequested());
        return new StreamSink() {
            @Override
            public void chunk(ObjectNode chunk) throws IOException {
                write(out, encoder.onChunk(chunk));
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void end() throws IOException {
                write(out, encoder.finish());
                ends.end(out);
            }

            @Override
            public void fail(String code, String message) throws IOException {
                write(out, List.of(AnthropicStreamEncoder.error("api_error", message)));
                out.flush();
            }
        };
    }

    private static void write(OutputStream out, List<AnthropicStreamEncoder.SseEvent> events) throws IOException {
        if (events.isEmpty()) {
            return;
        }
        for (var event : events) {
            out.write(("event: " + event.event() + "\ndata: " + event.data() + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
