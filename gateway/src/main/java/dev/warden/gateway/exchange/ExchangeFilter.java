package dev.warden.gateway.exchange;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Opens an {@link Exchange} for every gateway request the servlet container serves and, whatever
 * happens inside, closes it into exactly one decision record and its metrics ({@link Exchanges}).
 */
public class ExchangeFilter extends OncePerRequestFilter {

    private static final String ATTRIBUTE = Exchange.class.getName();

    private final Exchanges exchanges;

    public ExchangeFilter(Exchanges exchanges) {
        this.exchanges = exchanges;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var exchange = exchanges.open(request.getRequestURI());
        request.setAttribute(ATTRIBUTE, exchange);
        response.setHeader(Exchange.HEADER_DECISION_ID, exchange.id().toString());
        int status = 0;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } catch (IOException | ServletException | RuntimeException e) {
            status = 500;
            exchanges.failed(exchange, e);
            throw e;
        } finally {
            exchanges.close(exchange, status);
        }
    }

    /** The exchange this filter opened for the request, or null when it did not run for it. */
    public static Exchange of(ServletRequest request) {
        return (Exchange) request.getAttribute(ATTRIBUTE);
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }
}
