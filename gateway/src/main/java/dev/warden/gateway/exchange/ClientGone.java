package dev.warden.gateway.exchange;

import java.io.IOException;

/**
 * The client's connection closed or failed before its response was all written: while it was
 * written, or while Warden still waited for the answer to write. Every {@link ClientResponse}
 * takes it as the client gone, beside its own server's word for that.
 */
public final class ClientGone extends IOException {

    public ClientGone(String message, Throwable cause) {
        super(message, cause);
    }
}
