package dev.warden.policy;

import java.time.Duration;

/**
 * Time limits for calls to one provider.
 *
 * @param connect how long to wait for a connection (default 5 s)
 * @param read    how long to wait for the next bytes of a response: the first token, or the next
 *                chunk of a stream (default 120 s)
 */
public record Timeouts(Duration connect, Duration read) {

    public Timeouts {
        connect = connect == null ? Duration.ofSeconds(5) : connect;
        read = read == null ? Duration.ofSeconds(120) : read;
    }

    public static Timeouts defaults() {
        return new Timeouts(null, null);
    }
}
