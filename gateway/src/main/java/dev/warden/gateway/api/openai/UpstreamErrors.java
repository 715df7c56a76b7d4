package dev.warden.gateway.api.openai;

import dev.warden.gateway.api.ErrorWriter;
import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.api.WireJson;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.UpstreamFailure;
import dev.warden.gateway.provider.UpstreamResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Tells the client what went wrong upstream. A 4xx is the client's own problem (a bad parameter,
 * a rate limit) and passes through with its body, so that SDKs show the provider's message; a 5xx
 * becomes the gateway's 502, 503 or 504 in OpenAI's shape, quoting the provider's message.
 */
@Component
class UpstreamErrors {

    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_QUOTED = 500;

    private final ErrorWriter errors;
    private final WireJson wire;

    UpstreamErrors(ErrorWriter errors, WireJson wire) {
        this.errors = errors;
        this.wire = wire;
    }

    void relay(UpstreamResponse upstream, Exchange exchange, HttpServletResponse response) throws IOException {
        byte[] body;
        try {
            body = upstream.readBody(MAX_ERROR_BODY);
        } catch (IOException e) {
            body = new byte[0];
        }
        int status = upstream.status();
        var message = messageOf(body);
        if (status >= 400 && status < 500) {
            exchange.fail(status, "upstream_" + status, message);
            response.setStatus(status);
            response.setContentType(upstream.contentType());
            copyHeader(upstream, response, "Retry-After");
            exchange.stampHeaders(response);
            response.getOutputStream().write(body);
            return;
        }
        var gatewayStatus = status == 503 ? HttpStatus.SERVICE_UNAVAILABLE
                : status == 504 ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
        errors.write(response, exchange, new GatewayException(gatewayStatus, "upstream_error", "upstream_" + status, null,
                "The upstream answered " + status + ": " + message));
    }

    static GatewayException brokenBody(IOException e) {
        var timeout = e instanceof InterruptedIOException
                || (e instanceof UpstreamFailure failure && failure.kind() == UpstreamFailure.Kind.TIMEOUT);
        return timeout
                ? new GatewayException(HttpStatus.GATEWAY_TIMEOUT, "upstream_error", "upstream_timeout", null,
                        "The upstream stopped sending its response: " + e.getMessage())
                : new GatewayException(HttpStatus.BAD_GATEWAY, "upstream_error", "upstream_error", null,
                        "The upstream's response broke off: " + e.getMessage());
    }

    private String messageOf(byte[] body) {
        var json = wire.parseLenient(body);
        var message = json == null ? null : json.path("error").path("message");
        var text = message != null && message.isTextual() ? message.asText() : new String(body, StandardCharsets.UTF_8);
        text = text.isBlank() ? "(no body)" : text.strip();
        return text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text;
    }

    private static void copyHeader(UpstreamResponse upstream, HttpServletResponse response, String name) {
        var value = upstream.header(name);
        if (value != null) {
            response.setHeader(name, value);
        }
    }
}
