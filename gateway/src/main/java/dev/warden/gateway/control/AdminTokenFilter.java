package dev.warden.gateway.control;

import dev.warden.gateway.api.BearerToken;
import dev.warden.gateway.api.BoundedBody;
import dev.warden.gateway.api.ErrorWriter;
import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.api.ServletClient;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** Admits control API requests that carry {@code Authorization: Bearer <admin token>}, with bodies of a bounded size. */
public class AdminTokenFilter extends OncePerRequestFilter {

    private final AdminToken token;
    private final ErrorWriter errors;
    private final long maxBodyBytes;

    public AdminTokenFilter(AdminToken token, ErrorWriter errors, long maxBodyBytes) {
        this.token = token;
        this.errors = errors;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!token.matches(BearerToken.of(request.getHeader("Authorization")))) {
            errors.write(ServletClient.response(response), null, GatewayException.unauthorized(
                    "The control API needs 'Authorization: Bearer <WARDEN_ADMIN_TOKEN>'."));
            return;
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            errors.write(ServletClient.response(response), null, GatewayException.tooLarge(maxBodyBytes));
            return;
        }
        chain.doFilter(new BoundedBody(request, maxBodyBytes), response);
    }
}
