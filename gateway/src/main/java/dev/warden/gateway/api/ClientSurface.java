package dev.warden.gateway.api;

import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.exchange.ClientResponse;
import java.io.IOException;

/** A client-facing API (OpenAI's, Anthropic's): how canonical answers are written in its shape. */
public interface ClientSurface {

    /** Whether the surface is OpenAI's, so that OpenAI-speaking upstreams' bytes can pass through. */
    boolean speaksOpenAi();

    /** Writes a successful whole answer given in canonical form, already known to be one JSON object. */
    void writeCompletion(ClientResponse response, Exchange exchange, byte[] canonicalBytes) throws IOException;

    /**
     * Starts a stream: sets the status and headers and commits them.
     *
     * @param clientWantsUsage whether the client asked for usage in the stream
     */
    StreamSink openStream(ClientResponse response, Exchange exchange, boolean clientWantsUsage) throws IOException;
}
