package dev.warden.gateway.api;

import dev.warden.gateway.exchange.ExchangeFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
 * Turns every failure on the control API, and on the gateway's MVC endpoints, into OpenAI's error
 * shape with the right status: never a stack trace, never Spring's default error page. The
 * gateway's own failures go through {@link GatewayFailures}, as they do for the model endpoints'
 * servlet.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private final ErrorWriter errors;
    private final GatewayFailures failures;

    ApiExceptionHandler(ErrorWriter errors, GatewayFailures failures) {
        this.errors = errors;
        this.failures = failures;
    }

    @ExceptionHandler(NoResourceFoundException.class)
    void notFound(NoResourceFoundException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        errors.write(ServletClient.response(response), ExchangeFilter.of(request), new GatewayException(HttpStatus.NOT_FOUND, "invalid_request_error",
                "unknown_url", null, "Unknown request URL: " + request.getMethod() + " " + request.getRequestURI() + "."));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    void methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        errors.write(ServletClient.response(response), ExchangeFilter.of(request), new GatewayException(HttpStatus.METHOD_NOT_ALLOWED, "invalid_request_error",
                "method_not_allowed", null, "Method " + e.getMethod() + " is not allowed for " + request.getRequestURI() + "."));
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentNotValidException.class,
            MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    void badRequest(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof GatewayException gateway) {
                // a body over the limit, found while Spring was reading it
                errors.write(ServletClient.response(response), ExchangeFilter.of(request), gateway);
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
        errors.write(ServletClient.response(response), ExchangeFilter.of(request), GatewayException.badRequest(param, message));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    void notAcceptable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        errors.write(ServletClient.response(response), ExchangeFilter.of(request), new GatewayException(HttpStatus.NOT_ACCEPTABLE, "invalid_request_error",
                "not_acceptable", null, "This endpoint answers with JSON."));
    }

    /** The gateway's own failures and anything unexpected: see {@link GatewayFailures}. */
    @ExceptionHandler(Exception.class)
    void gatewayOrUnexpected(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        failures.write(e, ServletClient.request(request), ServletClient.response(response));
    }
}
