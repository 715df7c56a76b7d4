package dev.warden.gateway.api;

import dev.warden.gateway.database.ConsoleReads;
import dev.warden.gateway.exchange.ClientRequest;
import dev.warden.gateway.exchange.ClientResponse;
import dev.warden.gateway.quota.LimitExceeded;
import dev.warden.gateway.quota.LimitStoreUnavailable;
import dev.warden.gateway.quota.RateLimitHeaders;
import dev.warden.gateway.routing.UntranslatableRequest;
import dev.warden.gateway.routing.UpstreamUnavailable;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Turns a failure of the gateway's own making (policy, limits, upstreams, a client gone) into the
 * client's error shape with the right status and headers, and records it on the exchange. Anything
 * else is logged and answered as an internal error: never a stack trace.
 */
@Component
public class GatewayFailures {

    private static final Logger log = LoggerFactory.getLogger(GatewayFailures.class);

    private final ErrorWriter errors;

    GatewayFailures(ErrorWriter errors) {
        this.errors = errors;
    }

    public void write(Throwable failure, ClientRequest request, ClientResponse response) throws IOException {
        var exchange = request.exchange();
        if (response.isClientGone(failure)) {
            if (exchange != null) {
                exchange.interrupted("client_aborted", "client_disconnected", "the client went away before the response was written");
            }
            return;
        }
        switch (failure) {
            case GatewayException e -> errors.write(response, exchange, e);
            case UpstreamUnavailable e -> errors.write(response, exchange, upstreamUnavailable(e));
            case LimitExceeded e -> {
                if (e.retryAfter() != null) {
                    response.header("Retry-After", Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
                }
                if (e.headerDimension() != null) {
                    response.header("x-ratelimit-limit-" + e.headerDimension(), Long.toString(e.budget()));
                    response.header("x-ratelimit-remaining-" + e.headerDimension(), "0");
                    response.header("x-ratelimit-reset-" + e.headerDimension(), RateLimitHeaders.format(e.retryAfter()));
                }
                errors.write(response, exchange, new GatewayException(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error",
                        "limit_exceeded", null, e.getMessage()));
            }
            case LimitStoreUnavailable e -> {
                response.header("Retry-After", "5");
                errors.write(response, exchange, new GatewayException(HttpStatus.SERVICE_UNAVAILABLE, "server_error",
                        "limit_store_unavailable", null, e.getMessage()));
            }
            case UntranslatableRequest e -> errors.write(response, exchange, GatewayException.badRequest(null, e.getMessage()));
            case ConsoleReads.QueryTooLong e -> errors.write(response, exchange, new GatewayException(HttpStatus.SERVICE_UNAVAILABLE,
                    "server_error", "query_timeout", null, e.getMessage()));
            default -> {
                log.error("Unexpected failure serving {} {} (decision {})", request.method(), request.path(),
                        exchange == null ? "-" : exchange.id(), failure);
                errors.write(response, exchange, new GatewayException(HttpStatus.INTERNAL_SERVER_ERROR, "server_error",
                        "internal_error", null, "The gateway failed unexpectedly; the failure was logged."));
            }
        }
    }

    private static GatewayException upstreamUnavailable(UpstreamUnavailable e) {
        return switch (e.kind()) {
            case NO_TARGET -> new GatewayException(HttpStatus.SERVICE_UNAVAILABLE, "upstream_error", "no_available_target", null, e.getMessage());
            case TIMEOUT -> new GatewayException(HttpStatus.GATEWAY_TIMEOUT, "upstream_error", "upstream_timeout", null, e.getMessage());
            case UNREACHABLE -> new GatewayException(HttpStatus.BAD_GATEWAY, "upstream_error", "upstream_unreachable", null, e.getMessage());
            case BROKEN -> new GatewayException(HttpStatus.BAD_GATEWAY, "upstream_error", "upstream_error", null, e.getMessage());
        };
    }
}
