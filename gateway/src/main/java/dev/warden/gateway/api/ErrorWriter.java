package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.exchange.Exchange;
import jakarta.servlet.http.HttpServletResponse;
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

    public void write(HttpServletResponse response, Exchange exchange, GatewayException error) throws IOException {
        if (exchange != null) {
            exchange.fail(error.status().value(), error.code(), error.getMessage());
        }
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(error.status().value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        if (exchange != null) {
            exchange.stampHeaders(response);
        }
        json.writeValue(response.getOutputStream(), body(error));
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
