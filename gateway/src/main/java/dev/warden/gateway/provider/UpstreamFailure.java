package dev.warden.gateway.provider;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/** A call to an upstream that produced no usable response, classified by what the client should be told. */
public class UpstreamFailure extends IOException {

    /** Why the call failed. */
    public enum Kind {
        /** No connection could be made: 502. */
        UNREACHABLE,
        /** The upstream did not answer in time: 504. */
        TIMEOUT,
        /** The connection broke or the upstream answered with something that is not HTTP: 502. */
        BROKEN
    }

    private final Kind kind;

    public UpstreamFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static UpstreamFailure classify(String provider, IOException e) {
        if (e instanceof UpstreamFailure failure) {
            return failure;
        }
        if (e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
            return new UpstreamFailure(Kind.UNREACHABLE, "provider '" + provider + "' is unreachable: " + e.getMessage(), e);
        }
        if (e instanceof InterruptedIOException) {
            return new UpstreamFailure(Kind.TIMEOUT, "provider '" + provider + "' timed out: " + e.getMessage(), e);
        }
        return new UpstreamFailure(Kind.BROKEN, "provider '" + provider + "' failed: " + e.getMessage(), e);
    }

    public Kind kind() {
        return kind;
    }
}
