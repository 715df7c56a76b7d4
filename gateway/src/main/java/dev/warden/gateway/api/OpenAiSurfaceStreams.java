package dev.warden.gateway.api;

import dev.warden.gateway.exchange.Exchange;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The head of an OpenAI event stream. It is not sent on its own: a stream starts only once its
 * first event is in hand (until then the route may still fall back), and the relay sends what it
 * has written before it waits on the upstream, so the head leaves with the first events, in the
 * same write, and never later than they do.
 */
public final class OpenAiSurfaceStreams {

    private OpenAiSurfaceStreams() {
    }

    public static void start(HttpServletResponse response, Exchange exchange) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream;charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        exchange.stampHeaders(response);
    }
}
