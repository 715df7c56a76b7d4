package dev.warden.gateway.front;

import java.io.IOException;

/** The client's connection closed or failed while its response was written. */
final class ClientGone extends IOException {

    ClientGone(String message, Throwable cause) {
        super(message, cause);
    }
}
