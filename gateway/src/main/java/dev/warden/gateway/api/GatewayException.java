package dev.warden.gateway.api;

import org.springframework.http.HttpStatus;

/**
 * A request the gateway refuses or cannot complete, carrying everything the client is told in
 * OpenAI's error shape. Thrown anywhere on the request path; written by {@link ErrorWriter}.
 */
public class GatewayException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String code;
    private final String param;

    public GatewayException(HttpStatus status, String type, String code, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    public static GatewayException badRequest(String param, String message) {
        return new GatewayException(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_value", param, message);
    }

    public static GatewayException unauthorized(String message) {
        return new GatewayException(HttpStatus.UNAUTHORIZED, "authentication_error", "invalid_api_key", null, message);
    }

    public static GatewayException unknownModel(String model) {
        return new GatewayException(HttpStatus.NOT_FOUND, "invalid_request_error", "model_not_found", "model",
                "The model '" + model + "' does not exist or you do not have access to it.");
    }

    public static GatewayException tooLarge(long limitBytes) {
        return new GatewayException(HttpStatus.PAYLOAD_TOO_LARGE, "invalid_request_error", "request_too_large", null,
                "The request body exceeds the limit of " + limitBytes + " bytes.");
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }
}
