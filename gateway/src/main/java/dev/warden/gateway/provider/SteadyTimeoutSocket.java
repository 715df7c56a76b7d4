package dev.warden.gateway.provider;

import java.net.Proxy;
import java.net.Socket;
import java.net.SocketException;

/**
 * A client socket that changes its read timeout only when asked for a different one. HttpClient's
 * pooled connections set the socket's timeout when they are leased and again when they are
 * released, and the call in between sets its own, so every upstream call cost three socket option
 * changes (each a lock and a call into the socket's implementation; about 2% of a request's CPU)
 * for a timeout that, with the gateway's calls, never changes: their reads are bounded by the
 * {@link StallWatch}, not by the socket. HttpClient's connection class is final, so the socket is
 * where the repeats can be skipped.
 *
 * <p>Only the thread that holds the connection sets its timeout, and the pool hands connections
 * between threads through its own synchronisation, so the remembered value needs none of its own.
 */
class SteadyTimeoutSocket extends Socket {

    /** A new socket's timeout: none (0), as {@link Socket} starts. */
    private int timeout;

    SteadyTimeoutSocket() {
    }

    SteadyTimeoutSocket(Proxy proxy) {
        super(proxy);
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (timeout != this.timeout) {
            changeTimeout(timeout);
            this.timeout = timeout; // only once the socket took it: a refused change is tried again
        }
    }

    /** Sets the option on the socket itself; tests count these. */
    void changeTimeout(int timeout) throws SocketException {
        super.setSoTimeout(timeout);
    }
}
