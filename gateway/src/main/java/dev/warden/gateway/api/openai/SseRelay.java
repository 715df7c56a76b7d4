package dev.warden.gateway.api.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.api.ErrorWriter;
import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.api.WireJson;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.UpstreamResponse;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Relays an OpenAI chat-completions stream event by event as it arrives, never buffering the
 * whole stream. It reads usage from the stream; when the gateway asked the upstream for usage on
 * the client's behalf, it keeps that usage from the client. A stream that breaks off after the
 * response started ends with an explicit error event, never a clean end without {@code [DONE]}.
 */
@Component
class SseRelay {

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final String NULL_USAGE_SUFFIX = ",\"usage\":null}";

    private final WireJson wire;
    private final ErrorWriter errors;

    SseRelay(WireJson wire, ErrorWriter errors) {
        this.wire = wire;
        this.errors = errors;
    }

    void relay(UpstreamResponse upstream, Exchange exchange, HttpServletResponse response, boolean hideUsage)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream;charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        exchange.stampHeaders(response);
        var out = response.getOutputStream();
        try {
            out.flush();
            relayEvents(new SseLines(upstream.body()), exchange, out, hideUsage);
        } catch (ClientGone e) {
            exchange.interrupted("client_aborted", "client_disconnected", "the client went away mid-stream");
            upstream.abort();
        }
    }

    private void relayEvents(SseLines lines, Exchange exchange, ServletOutputStream out, boolean hideUsage) throws ClientGone {
        boolean dropping = false;
        while (true) {
            byte[] line;
            long waitStart = System.nanoTime();
            try {
                line = lines.next();
            } catch (IOException e) {
                endWithError(exchange, out, "upstream_interrupted", "The upstream stream broke off: " + e.getMessage());
                return;
            } finally {
                exchange.waitedUpstream(System.nanoTime() - waitStart);
            }
            if (line == null) {
                endWithError(exchange, out, "upstream_truncated", "The upstream stream ended without [DONE].");
                return;
            }
            if (line.length == 0) {
                if (!dropping) {
                    write(out, line, true);
                }
                dropping = false;
                continue;
            }
            if (!startsWith(line, DATA)) {
                write(out, line, false);
                continue;
            }
            var payload = new String(line, DATA.length, line.length - DATA.length, StandardCharsets.UTF_8).strip();
            if (payload.equals("[DONE]")) {
                write(out, line, false);
                write(out, new byte[0], true);
                return;
            }
            var relayed = inspect(payload, exchange, hideUsage);
            if (relayed == null) {
                dropping = true;
                continue;
            }
            exchange.firstToken(System.nanoTime());
            write(out, relayed == payload ? line : ("data: " + relayed).getBytes(StandardCharsets.UTF_8), false);
        }
    }

    /** Reads usage from a chunk; returns the chunk to relay (maybe without usage), or null to drop it. */
    private String inspect(String payload, Exchange exchange, boolean hideUsage) {
        if (!payload.contains("\"usage\"")) {
            return payload;
        }
        if (hideUsage && payload.endsWith(NULL_USAGE_SUFFIX) && payload.indexOf("\"usage\"") == payload.length() - NULL_USAGE_SUFFIX.length() + 1) {
            return payload.substring(0, payload.length() - NULL_USAGE_SUFFIX.length()) + "}";
        }
        var chunk = wire.parseLenient(payload);
        if (!(chunk instanceof ObjectNode node)) {
            return payload;
        }
        var usage = Usage.from(node);
        if (usage != null) {
            exchange.usage(usage.promptTokens(), usage.completionTokens());
        }
        if (!hideUsage) {
            return payload;
        }
        var choices = node.get("choices");
        if (usage != null && (choices == null || choices.isEmpty())) {
            return null;
        }
        node.remove("usage");
        return new String(wire.write(node), StandardCharsets.UTF_8);
    }

    private void endWithError(Exchange exchange, ServletOutputStream out, String code, String message) throws ClientGone {
        exchange.interrupted("upstream_interrupted", code, message);
        var error = new GatewayException(HttpStatus.BAD_GATEWAY, "upstream_error", code, null, message);
        var event = new String(errors.bodyBytes(error), StandardCharsets.UTF_8);
        write(out, ("data: " + event).getBytes(StandardCharsets.UTF_8), false);
        write(out, new byte[0], true);
    }

    private static void write(ServletOutputStream out, byte[] line, boolean flush) throws ClientGone {
        try {
            out.write(line);
            out.write('\n');
            if (flush) {
                out.flush();
            }
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    private static boolean startsWith(byte[] line, byte[] prefix) {
        if (line.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Writing to the client failed: it disconnected. */
    private static final class ClientGone extends IOException {
        ClientGone(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
