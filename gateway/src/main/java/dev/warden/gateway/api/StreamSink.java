package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Where a canonical stream goes: a client surface's encoder writing to the client. */
public interface StreamSink {

    /** One canonical OpenAI chunk, written but not necessarily sent: {@link #flush} sends it. */
    void chunk(ObjectNode chunk) throws IOException;

    /** Sends what was written. The relay calls it before it waits for the upstream again. */
    void flush() throws IOException;

    /** The stream ended properly: its end marker leaves now or with the response's end ({@link StreamEnds}). */
    void end() throws IOException;

    /** The stream broke after it started: end it with an explicit error, never a clean end; sends everything. */
    void fail(String code, String message) throws IOException;
}
