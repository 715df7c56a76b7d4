package dev.warden.gateway.api;

import dev.warden.gateway.exchange.ClientRequest;
import dev.warden.gateway.exchange.ClientResponse;
import java.io.IOException;

/**
 * One of the gateway's model endpoints ({@code POST} only), served by {@link ModelEndpointServlet}
 * straight from the servlet container rather than through Spring MVC's dispatch.
 */
public interface ModelEndpoint {

    /** The exact request path, for example {@code /v1/chat/completions}. */
    String path();

    void serve(ClientRequest request, ClientResponse response) throws IOException;
}
