package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.SseEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Relays an OpenAI stream to an OpenAI client event by event, as bytes, never buffering the
 * stream. It reads usage from it; when the gateway asked for usage on the client's behalf, the
 * client does not see it. A stream that breaks off ends with an explicit error event.
 */
@Component
class OpenAiStreamPassthrough {

    private static final String NULL_USAGE_SUFFIX = ",\"usage\":null}";

    private final WireJson wire;
    private final ErrorWriter errors;
    private final StreamEnds ends;

    OpenAiStreamPassthrough(WireJson wire, ErrorWriter errors, StreamEnds ends) {
        this.wire = wire;
        this.errors = errors;
        this.ends = ends;
    }

    /** This relay's steps for one stream, on a worker or on the event loop. */
    StreamSteps steps(Exchange exchange, ClientStream out, boolean hideUsage) {
        return new StreamSteps() {
            @Override
            public boolean relay(SseEvent event) throws IOException {
                return relayEvent(event, exchange, out, hideUsage);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void broke(String why) {
                out.failWith(exchange, errors, "upstream_interrupted", "The upstream stream broke off: " + why);
            }

            @Override
            public void clientGone() {
                out.clientGone(exchange);
            }
        };
    }

    /**
     * Relays one event, or ends the stream: at its end marker, at an event that ends it in error,
     * or, for null (the upstream's stream ended before its end marker), with an error event.
     *
     * @return whether the stream goes on
     * @throws IOException when writing to the client failed (the client went away)
     */
    private boolean relayEvent(SseEvent event, Exchange exchange, ClientStream out, boolean hideUsage) throws IOException {
        if (event == null) {
            out.failWith(exchange, errors, "upstream_truncated", "The upstream stream ended before its end marker.");
            return false;
        }
        if (event.data().strip().equals("[DONE]")) {
            out.write(event);
            out.end(ends);
            return false;
        }
        if (!wire.isObject(event.data())) {
            out.failWith(exchange, errors, "upstream_malformed", "The upstream sent an event that is not a JSON object.");
            return false;
        }
        if (event.data().startsWith("{\"error\"")) {
            exchange.interrupted("upstream_interrupted", "upstream_error", "The upstream reported an error mid-stream.");
            out.write(event);
            out.flush();
            return false;
        }
        if (exchange.bodies() != null && wire.parseLenient(event.data()) instanceof ObjectNode chunk) {
            StreamedText.record(chunk, exchange);
        }
        var relayed = inspect(event.data(), exchange, hideUsage);
        if (relayed != null) {
            exchange.firstToken(System.nanoTime());
            if (relayed == event.data()) {
                out.write(event);
            } else {
                out.writeData(relayed);
            }
        }
        return true;
    }

    /** Reads usage from an event; returns the data to relay (maybe without usage), or null to drop it. */
    private String inspect(String data, Exchange exchange, boolean hideUsage) {
        if (!data.contains("\"usage\"")) {
            return data;
        }
        if (hideUsage && data.endsWith(NULL_USAGE_SUFFIX)
                && data.indexOf("\"usage\"") == data.length() - NULL_USAGE_SUFFIX.length() + 1) {
            return data.substring(0, data.length() - NULL_USAGE_SUFFIX.length()) + "}";
        }
        if (!(wire.parseLenient(data) instanceof ObjectNode chunk)) {
            return data;
        }
        Usages.record(chunk, exchange);
        if (!hideUsage) {
            return data;
        }
        var choices = chunk.get("choices");
        if (chunk.hasNonNull("usage") && (choices == null || choices.isEmpty())) {
            return null;
        }
        chunk.remove("usage");
        return new String(wire.write(chunk), StandardCharsets.UTF_8);
    }


    static GatewayException streamError(String code, String message) {
        return new GatewayException(HttpStatus.BAD_GATEWAY, "upstream_error", code, null, message);
    }
}
