package dev.warden.gateway.auth;

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
 * Authenticates the gateway requests the servlet container serves ({@link ApiKeys}), refusing with
 * 401 in the client's error shape.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    private final ApiKeys keys;
    private final ErrorWriter errors;

    public ApiKeyFilter(ApiKeys keys, ErrorWriter errors) {
        this.keys = keys;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var exchange = ExchangeFilter.of(request);
        try {
            exchange.authenticated(keys.authenticate(request.getHeader("Authorization"), request.getHeader("x-api-key")));
        } catch (GatewayException refused) {
            errors.write(ServletClient.response(response), exchange, refused);
            return;
        }
        chain.doFilter(request, response);
    }
}
