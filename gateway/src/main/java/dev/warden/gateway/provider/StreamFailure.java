package dev.warden.gateway.provider;

/** The upstream reported an error inside a stream, or broke its own protocol. */
public class StreamFailure extends RuntimeException {

    public StreamFailure(String message) {
        super(message);
    }

    public StreamFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
