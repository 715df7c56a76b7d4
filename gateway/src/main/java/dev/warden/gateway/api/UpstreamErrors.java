package dev.warden.gateway.api;

import dev.warden.gateway.exchange.ClientResponse;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.UpstreamFailure;
import dev.warden.gateway.routing.Dispatch;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Tells the client what went wrong upstream. A 4xx is the client's own problem (a bad parameter,
 * a rate limit): it keeps its status and message, and passes through byte for byte when client
 * and upstream speak the same API. A 5xx becomes the gateway's 502, 503 or 504 quoting the
 * upstream's message.
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

    void relay(Dispatch dispatch, Exchange exchange, ClientResponse response, ClientSurface surface) throws IOException {
        var upstream = dispatch.response();
        byte[] body;
        try {
            body = upstream.readBody(MAX_ERROR_BODY);
        } catch (IOException e) {
            body = new byte[0];
        }
        int status = upstream.status();
        var message = messageOf(body, dispatch);
        var retryAfter = upstream.header("Retry-After");
        if (retryAfter != null) {
            response.header("Retry-After", retryAfter);
        }
        if (status >= 400 && status < 500 && surface.speaksOpenAi() && dispatch.adapter().speaksOpenAi()) {
            exchange.fail(status, "upstream_" + status, message);
            response.status(status);
            response.contentType(upstream.contentType());
            exchange.stampHeaders(response);
            response.body().write(body);
            return;
        }
        var gatewayStatus = status >= 400 && status < 500 ? HttpStatus.valueOf(status)
                : status == 503 ? HttpStatus.SERVICE_UNAVAILABLE : status == 504 ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
        var type = status == 429 ? "rate_limit_error" : status < 500 ? "invalid_request_error" : "upstream_error";
        errors.write(response, exchange, new GatewayException(gatewayStatus, type, "upstream_" + status, null,
                (status < 500 ? "" : "The upstream answered " + status + ": ") + message));
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

    private String messageOf(byte[] body, Dispatch dispatch) {
        var json = wire.parseLenient(body);
        var message = json == null ? null : dispatch.adapter().errorMessage(json);
        var text = message != null ? message : new String(body, StandardCharsets.UTF_8);
        text = text.isBlank() ? "(no body)" : text.strip();
        return text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text;
    }
}
