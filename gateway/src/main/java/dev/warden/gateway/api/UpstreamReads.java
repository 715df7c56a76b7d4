package dev.warden.gateway.api;

import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.SseEvent;
import dev.warden.gateway.provider.SseEvents;
import java.io.IOException;

/** Reading a stream's next event, counted as time spent waiting on the upstream. */
final class UpstreamReads {

    private UpstreamReads() {
    }

    static SseEvent next(SseEvents events, Exchange exchange) throws UpstreamBroke {
        long start = System.nanoTime();
        try {
            return events.next();
        } catch (IOException e) {
            throw new UpstreamBroke(e);
        } finally {
            exchange.waitedUpstream(System.nanoTime() - start);
        }
    }

    /** Reading from the upstream failed (as opposed to writing to the client). */
    static final class UpstreamBroke extends Exception {
        UpstreamBroke(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
