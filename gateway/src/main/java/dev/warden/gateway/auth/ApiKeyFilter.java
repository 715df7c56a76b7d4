package dev.warden.gateway.auth;

import dev.warden.gateway.api.BearerToken;
import dev.warden.gateway.api.ErrorWriter;
import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.api.ServletClient;
import dev.warden.gateway.exchange.ExchangeFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates gateway requests by API key, sent as {@code Authorization: Bearer wk-...} (OpenAI
 * SDKs) or {@code x-api-key: wk-...} (Anthropic SDKs). Refuses with 401 in OpenAI's error shape.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    private final ApiKeyCache keys;
    private final ErrorWriter errors;

    public ApiKeyFilter(ApiKeyCache keys, ErrorWriter errors) {
        this.keys = keys;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var exchange = ExchangeFilter.of(request);
        var key = presentedKey(request);
        if (key == null) {
            errors.write(ServletClient.response(response), exchange, GatewayException.unauthorized(
                    "Missing API key: send it as 'Authorization: Bearer wk-...'."));
            return;
        }
        var principal = keys.authenticate(key);
        if (principal.isEmpty()) {
            errors.write(ServletClient.response(response), exchange, GatewayException.unauthorized(
                    "Invalid API key: it is unknown or has been revoked."));
            return;
        }
        exchange.authenticated(principal.get());
        chain.doFilter(request, response);
    }

    private static String presentedKey(HttpServletRequest request) {
        var bearer = BearerToken.of(request);
        if (bearer != null) {
            return bearer;
        }
        var apiKey = request.getHeader("x-api-key");
        return apiKey == null ? null : apiKey.strip();
    }
}
