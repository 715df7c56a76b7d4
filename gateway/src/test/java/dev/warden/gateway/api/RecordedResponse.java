package dev.warden.gateway.api;

import dev.warden.gateway.exchange.ClientResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response that keeps what is set and written on it; its body can fail as when the client went away. */
final class RecordedResponse implements ClientResponse {

    /** What the body throws when the client went away, and what {@link #isClientGone} knows as such. */
    static final IOException GONE = new IOException("Broken pipe");

    final Map<String, String> headers = new LinkedHashMap<>();
    final Body body = new Body();
    private final boolean clientGone;
    int status;
    String contentType;

    RecordedResponse(boolean clientGone) {
        this.clientGone = clientGone;
    }

    final class Body extends ByteArrayOutputStream {

        boolean closed;

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (!clientGone) {
                super.write(bytes, offset, length);
            }
        }

        @Override
        public void close() throws IOException {
            if (clientGone) {
                throw GONE;
            }
            closed = true;
        }

        String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void status(int status) {
        this.status = status;
    }

    @Override
    public void header(String name, String value) {
        headers.put(name, value);
    }

    @Override
    public void contentType(String type) {
        this.contentType = type;
    }

    @Override
    public void contentLength(int length) {
        headers.put("Content-Length", Integer.toString(length));
    }

    @Override
    public boolean committed() {
        return false;
    }

    @Override
    public void resetBuffer() {
        body.reset();
    }

    @Override
    public OutputStream body() {
        return body;
    }

    @Override
    public boolean isClientGone(Throwable failure) {
        return failure == GONE;
    }
}
