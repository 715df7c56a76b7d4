package dev.warden.policy;

import java.time.Duration;

/**
 * Time limits for calls to one provider.
 *
 * @param connect    how long to wait for a connection (default 5 s)
 * @param read       how long to wait for the next bytes of a response: the response head, or the
 *                   next chunk of a stream (default 120 s)
 * @param firstToken how long a stream may take to send its first event (default: {@code read})
 * @param total      how long a whole call may take, stream included (default 10 min)
 */
public record Timeouts(Duration connect, Duration read, Duration firstToken, Duration total) {

    public Timeouts {
        connect = connect == null ? Duration.ofSeconds(5) : connect;
        read = read == null ? Duration.ofSeconds(120) : read;
        firstToken = firstToken == null ? read : firstToken;
        total = total == null ? Duration.ofMinutes(10) : total;
    }

    public Timeouts(Duration connect, Duration read) {
        this(connect, read, null, null);
    }

    public static Timeouts defaults() {
        return new Timeouts(null, null, null, null);
    }
}
