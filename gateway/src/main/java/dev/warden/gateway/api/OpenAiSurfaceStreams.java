package dev.warden.gateway.api;

import dev.warden.gateway.exchange.Exchange;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The head of an OpenAI event stream, committed at once so that the client sees the stream begin. */
public final class OpenAiSurfaceStreams {

    private OpenAiSurfaceStreams() {
    }

    public static void start(HttpServletResponse response, Exchange exchange) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream;charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        exchange.stampHeaders(response);
        response.getOutputStream().flush();
    }
}
