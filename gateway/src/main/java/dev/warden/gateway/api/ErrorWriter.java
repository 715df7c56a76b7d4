package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.exchange.ClientResponse;
import dev.warden.gateway.exchange.Exchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Writes errors in OpenAI's shape, {@code {"error":{"message","type","param","code"}}}, so that
 * official SDKs raise their usual exceptions, and records the failure on the exchange.
 */
@Component
public class ErrorWriter {

    private final ObjectMapper json;

    ErrorWriter(ObjectMapper json) {
        this.json = json;
    }

    public void write(ClientResponse response, Exchange exchange, GatewayException error) throws IOException {
        if (exchange != null) {
            exchange.fail(error.status().value(), error.code(), error.getMessage());
        }
        if (response.committed()) {
            return;
        }
        response.resetBuffer();
        response.status(error.status().value());
        response.contentType(MediaType.APPLICATION_JSON_VALUE);
        if (exchange != null) {
            exchange.stampHeaders(response);
        }
        json.writeValue(response.body(), exchange != null && exchange.isAnthropic() ? anthropicBody(error) : body(error));
    }

    /** The error body Anthropic's API and SDKs expect: {@code {"type":"error","error":{"type","message"}}}. */
    public static Map<String, Object> anthropicBody(GatewayException error) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("type", anthropicType(error.status().value()));
        fields.put("message", error.getMessage());
        return Map.of("type", "error", "error", fields);
    }

    private static String anthropicType(int status) {
        return switch (status) {
            case 400, 405, 406 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> "api_error";
        };
    }

    /** The error body, without writing it: for error events inside a stream. */
    public byte[] bodyBytes(GatewayException error) {
        try {
            return json.writeValueAsBytes(body(error));
        } catch (IOException e) {
            throw new IllegalStateException("an error body is always serialisable", e);
        }
    }

    private static Object body(GatewayException error) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("message", error.getMessage());
        fields.put("type", error.type());
        fields.put("param", error.param());
        fields.put("code", error.code());
        return Map.of("error", fields);
    }
}
