package dev.warden.gateway.api;

import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.SseEvent;
import dev.warden.gateway.provider.SseEvents;
import java.io.Flushable;
import java.io.IOException;

/**
 * Reading a stream's next event, counted as time spent waiting on the upstream. What the relay
 * wrote to its client is sent first when the read may wait, so that events an upstream sent
 * together leave together and none waits for the upstream unsent.
 */
final class UpstreamReads {

    private UpstreamReads() {
    }

    /**
     * @param written what the relay wrote since it last read; flushed unless the next event is read already
     * @throws IOException when flushing to the client fails (the client went away)
     */
    static SseEvent next(SseEvents events, Exchange exchange, Flushable written) throws UpstreamBroke, IOException {
        if (!events.nextIsBuffered()) {
            written.flush();
        }
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
