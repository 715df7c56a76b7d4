package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Where a canonical stream goes: a client surface's encoder writing to the client. */
public interface StreamSink {

    /** One canonical OpenAI chunk. */
    void chunk(ObjectNode chunk) throws IOException;

    /** The stream ended properly. */
    void end() throws IOException;

    /** The stream broke after it started: end it with an explicit error, never a clean end. */
    void fail(String code, String message) throws IOException;
}
