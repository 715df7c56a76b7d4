package dev.warden.gateway.api;

import dev.warden.gateway.exchange.ClientRequest;
import dev.warden.gateway.exchange.ClientResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * One of the gateway's model endpoints ({@code POST} only), served by {@link ModelEndpointServlet}
 * straight from the servlet container rather than through Spring MVC's dispatch.
 */
public interface ModelEndpoint {

    /** The exact request path, for example {@code /v1/chat/completions}. */
    String path();

    void serve(ClientRequest request, ClientResponse response) throws IOException;

    /**
     * Serves the request from the event loop it was read on: what never blocks runs there, the
     * rest on a worker. The future completes, on either, when the response is written but not
     * ended; a failure it completes with is the client's to be told. By default the whole
     * request runs on a worker.
     */
    default CompletableFuture<Void> serveOnLoop(ClientRequest request, ClientResponse response, RequestLoop loop) throws IOException {
        return loop.onWorker(() -> serve(request, response));
    }
}
