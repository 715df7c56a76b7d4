package dev.warden.gateway.exchange;

import java.io.IOException;
import java.io.InputStream;

/**
 * A model request as Warden's request path reads it, whatever server took it in. The endpoints,
 * the pipeline, the surfaces and the policy's inputs see only this and {@link ClientResponse}, so
 * that the path can be served by another HTTP layer than the servlet container (an event loop,
 * say) without being written twice. The servlet's implementation is {@code api.ServletClient}.
 */
public interface ClientRequest {

    /** The request's exchange, opened when it arrived. */
    Exchange exchange();

    String method();

    /** The request's path, without its query, as the client sent it. */
    String path();

    /** The header's first value, its name matched without regard to case; null when it is absent. */
    String header(String name);

    /** The names of the request's headers, each once. */
    Iterable<String> headerNames();

    /** The body's length as the client declared it, or -1 when it declared none. */
    long declaredLength();

    /** The body, read as it arrives. */
    InputStream body() throws IOException;
}
