package dev.warden.gateway.exchange;

import dev.warden.gateway.decisionlog.DecisionLog;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Opens an {@link Exchange} for every gateway request and, whatever happens inside, closes it
 * into exactly one decision record and its metrics.
 */
public class ExchangeFilter extends OncePerRequestFilter {

    private static final String ATTRIBUTE = Exchange.class.getName();

    private final DecisionLog decisions;
    private final GatewayMetrics metrics;
    private final Clock clock;

    public ExchangeFilter(DecisionLog decisions, GatewayMetrics metrics, Clock clock) {
        this.decisions = decisions;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var exchange = new Exchange(request.getRequestURI(), clock.instant(), System.nanoTime());
        request.setAttribute(ATTRIBUTE, exchange);
        response.setHeader(Exchange.HEADER_DECISION_ID, exchange.id().toString());
        int status = 0;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } catch (IOException | ServletException | RuntimeException e) {
            status = 500;
            exchange.interrupted("failed", "internal_error", e.getClass().getSimpleName());
            throw e;
        } finally {
            var record = exchange.complete(status, System.nanoTime());
            decisions.append(record);
            metrics.record(record);
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
