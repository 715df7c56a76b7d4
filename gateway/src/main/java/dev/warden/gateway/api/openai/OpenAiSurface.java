package dev.warden.gateway.api.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.ClientSurface;
import dev.warden.gateway.api.ErrorWriter;
import dev.warden.gateway.api.EventStreamHead;
import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.api.StreamEnds;
import dev.warden.gateway.api.StreamSink;
import dev.warden.gateway.api.WireJson;
import dev.warden.gateway.exchange.ClientResponse;
import dev.warden.gateway.exchange.Exchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** OpenAI's API as the client sees it: canonical answers go out as they are, streams as {@code data:} events. */
@Component
class OpenAiSurface implements ClientSurface {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final WireJson wire;
    private final ErrorWriter errors;
    private final StreamEnds ends;

    OpenAiSurface(WireJson wire, ErrorWriter errors, StreamEnds ends) {
        this.wire = wire;
        this.errors = errors;
        this.ends = ends;
    }

    @Override
    public boolean speaksOpenAi() {
        return true;
    }

    @Override
    public void writeCompletion(ClientResponse response, Exchange exchange, byte[] canonicalBytes) throws IOException {
        response.status(200);
        response.contentType("application/json");
        response.contentLength(canonicalBytes.length);
        exchange.stampHeaders(response);
        response.body().write(canonicalBytes);
    }

    @Override
    public StreamSink openStream(ClientResponse response, Exchange exchange, boolean clientWantsUsage) throws IOException {
        EventStreamHead.start(response, exchange);
        var out = response.body();
        return new StreamSink() {
            @Override
            public void chunk(ObjectNode chunk) throws IOException {
                if (!clientWantsUsage) {
                    var choices = chunk.get("choices");
                    if (chunk.hasNonNull("usage") && (choices == null || choices.isEmpty())) {
                        return;
                    }
                    chunk.remove("usage");
                }
                out.write("data: ".getBytes(StandardCharsets.US_ASCII));
                out.write(wire.write(chunk));
                out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void end() throws IOException {
                out.write(DONE);
                ends.end(out);
            }

            @Override
            public void fail(String code, String message) throws IOException {
                out.write(("data: ").getBytes(StandardCharsets.US_ASCII));
                out.write(errors.bodyBytes(new GatewayException(HttpStatus.BAD_GATEWAY, "upstream_error", code, null, message)));
                out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        };
    }
}
