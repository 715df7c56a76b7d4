package dev.warden.gateway.api;

import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.quota.LimitExceeded;
import dev.warden.gateway.quota.LimitStoreUnavailable;
import dev.warden.gateway.quota.RateLimitHeaders;
import dev.warden.gateway.routing.UntranslatableRequest;
import dev.warden.gateway.routing.UpstreamUnavailable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.connector.ClientAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure on the gateway and control API into OpenAI's error shape with the right
 * status: never a stack trace, never Spring's default error page.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ErrorWriter errors;

    ApiExceptionHandler(ErrorWriter errors) {
        this.errors = errors;
    }

    @ExceptionHandler(GatewayException.class)
    void gateway(GatewayException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        errors.write(response, Exchange.of(request), e);
    }

    @ExceptionHandler(UpstreamUnavailable.class)
    void upstreamUnavailable(UpstreamUnavailable e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        var error = switch (e.kind()) {
            case NO_TARGET -> new GatewayException(HttpStatus.SERVICE_UNAVAILABLE, "upstream_error", "no_available_target", null, e.getMessage());
            case TIMEOUT -> new GatewayException(HttpStatus.GATEWAY_TIMEOUT, "upstream_error", "upstream_timeout", null, e.getMessage());
            case UNREACHABLE -> new GatewayException(HttpStatus.BAD_GATEWAY, "upstream_error", "upstream_unreachable", null, e.getMessage());
            case BROKEN -> new GatewayException(HttpStatus.BAD_GATEWAY, "upstream_error", "upstream_error", null, e.getMessage());
        };
        errors.write(response, Exchange.of(request), error);
    }

    @ExceptionHandler(LimitExceeded.class)
    void limitExceeded(LimitExceeded e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (e.retryAfter() != null) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
        }
        if (e.headerDimension() != null) {
            response.setHeader("x-ratelimit-limit-" + e.headerDimension(), Long.toString(e.budget()));
            response.setHeader("x-ratelimit-remaining-" + e.headerDimension(), "0");
            response.setHeader("x-ratelimit-reset-" + e.headerDimension(), RateLimitHeaders.format(e.retryAfter()));
        }
        errors.write(response, Exchange.of(request), new GatewayException(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error",
                "limit_exceeded", null, e.getMessage()));
    }

    @ExceptionHandler(LimitStoreUnavailable.class)
    void limitStoreUnavailable(LimitStoreUnavailable e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", "5");
        errors.write(response, Exchange.of(request), new GatewayException(HttpStatus.SERVICE_UNAVAILABLE, "server_error",
                "limit_store_unavailable", null, e.getMessage()));
    }

    @ExceptionHandler(UntranslatableRequest.class)
    void untranslatable(UntranslatableRequest e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        errors.write(response, Exchange.of(request), GatewayException.badRequest(null, e.getMessage()));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    void notFound(NoResourceFoundException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        errors.write(response, Exchange.of(request), new GatewayException(HttpStatus.NOT_FOUND, "invalid_request_error",
                "unknown_url", null, "Unknown request URL: " + request.getMethod() + " " + request.getRequestURI() + "."));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    void methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        errors.write(response, Exchange.of(request), new GatewayException(HttpStatus.METHOD_NOT_ALLOWED, "invalid_request_error",
                "method_not_allowed", null, "Method " + e.getMethod() + " is not allowed for " + request.getRequestURI() + "."));
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentNotValidException.class,
            MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    void badRequest(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof GatewayException gateway) {
                // a body over the limit, found while Spring was reading it
                errors.write(response, Exchange.of(request), gateway);
                return;
            }
        }
        var param = e instanceof MethodArgumentNotValidException invalid && invalid.getFieldError() != null
                ? invalid.getFieldError().getField()
                : e instanceof MissingServletRequestParameterException missing ? missing.getParameterName()
                : e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : null;
        var message = e instanceof MethodArgumentNotValidException invalid && invalid.getFieldError() != null
                ? "'" + param + "' " + invalid.getFieldError().getDefaultMessage() + "."
                : e instanceof HttpMessageNotReadableException ? "The request body is missing or not valid JSON of the expected shape."
                : param != null ? "Invalid or missing parameter '" + param + "'." : "Invalid request.";
        errors.write(response, Exchange.of(request), GatewayException.badRequest(param, message));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    void notAcceptable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        errors.write(response, Exchange.of(request), new GatewayException(HttpStatus.NOT_ACCEPTABLE, "invalid_request_error",
                "not_acceptable", null, "This endpoint answers with JSON."));
    }

    @ExceptionHandler(ClientAbortException.class)
    void clientGone(HttpServletRequest request) {
        var exchange = Exchange.of(request);
        if (exchange != null) {
            exchange.interrupted("client_aborted", "client_disconnected", "the client went away before the response was written");
        }
    }

    @ExceptionHandler(Exception.class)
    void unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        var exchange = Exchange.of(request);
        log.error("Unexpected failure serving {} {} (decision {})", request.getMethod(), request.getRequestURI(),
                exchange == null ? "-" : exchange.id(), e);
        errors.write(response, exchange, new GatewayException(HttpStatus.INTERNAL_SERVER_ERROR, "server_error",
                "internal_error", null, "The gateway failed unexpectedly; the failure was logged."));
    }
}
