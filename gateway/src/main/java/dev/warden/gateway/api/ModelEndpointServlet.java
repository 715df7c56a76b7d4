package dev.warden.gateway.api;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;

/**
 * Serves the model endpoints, the gateway's hot path, as a plain servlet mapped to their exact
 * paths. Each of them reads the raw request and writes the raw response itself, so Spring MVC's
 * handler mapping, argument resolution and return-value handling did no useful work for them, yet
 * cost about an eighth of the gateway's CPU per request. The servlet filters (exchange, API key)
 * still run first; failures are written by the same {@link GatewayFailures} as the MVC advice's.
 */
public final class ModelEndpointServlet extends HttpServlet {

    private final transient Map<String, ModelEndpoint> endpoints;
    private final transient GatewayFailures failures;

    public ModelEndpointServlet(List<ModelEndpoint> endpoints, GatewayFailures failures) {
        this.endpoints = endpoints.stream().collect(Collectors.toUnmodifiableMap(ModelEndpoint::path, Function.identity()));
        this.failures = failures;
    }

    /** The paths to map the servlet to. */
    public String[] paths() {
        return endpoints.keySet().stream().sorted().toArray(String[]::new);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var client = ServletClient.request(request);
        var answer = ServletClient.response(response);
        try {
            if (!"POST".equals(request.getMethod())) {
                response.setHeader("Allow", "POST");
                throw new GatewayException(HttpStatus.METHOD_NOT_ALLOWED, "invalid_request_error", "method_not_allowed", null,
                        "Method " + request.getMethod() + " is not allowed for " + request.getRequestURI() + ".");
            }
            // mapped to exactly these paths, so the servlet path is always one of them
            endpoints.get(request.getServletPath()).serve(client, answer);
        } catch (RuntimeException | IOException e) {
            failures.write(e, client, answer);
        }
    }
}
