package dev.warden.gateway.api;

import dev.warden.gateway.exchange.ClientResponse;
import dev.warden.gateway.exchange.Exchange;
import java.io.IOException;

/**
 * The head of an event stream, OpenAI's or Anthropic's, which share it. It is not sent on its
 * own: a stream starts only once its first event is in hand (until then the route may still fall
 * back), and the relay sends what it has written before it waits on the upstream, so the head
 * leaves with the first events, in the same write, and never later than they do.
 */
public final class EventStreamHead {

    private EventStreamHead() {
    }

    public static void start(ClientResponse response, Exchange exchange) throws IOException {
        response.status(200);
        response.contentType("text/event-stream;charset=UTF-8");
        response.header("Cache-Control", "no-cache");
        response.header("X-Accel-Buffering", "no");
        exchange.stampHeaders(response);
    }
}
