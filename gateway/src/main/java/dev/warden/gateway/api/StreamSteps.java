package dev.warden.gateway.api;

import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.SseEvent;
import dev.warden.gateway.provider.SseEvents;
import java.io.IOException;

/**
 * How one stream's events reach its client, one at a time: as they are (an OpenAI stream to an
 * OpenAI client, {@link OpenAiStreamPassthrough}), or translated into canonical chunks that the
 * client's surface encodes ({@link CanonicalStreamRelay}). The same steps relay a stream read on
 * a worker ({@link #relayAll}) and one whose bytes the event loop pushes ({@link LoopStreamRelay}),
 * so that both end a stream, and record its outcome, alike.
 */
interface StreamSteps {

    /**
     * Relays one event, written but not necessarily sent, or ends the stream: at its end marker,
     * at an event that ends it in error, or, for null (the upstream's stream ended before its end
     * marker), with an error event.
     *
     * @return whether the stream goes on
     * @throws IOException when writing to the client failed (the client went away)
     */
    boolean relay(SseEvent event) throws IOException;

    /** Sends what was written. The relay calls it before it waits for the upstream again. */
    void flush() throws IOException;

    /** Reading the upstream failed mid-stream: the stream ends with an error event naming why. */
    void broke(String why);

    /** The client went away: recorded, and the upstream cancelled at once. */
    void clientGone();

    /** Relays a stream read on a worker: its first event, then the rest as each is read, until the stream ends. */
    static void relayAll(StreamSteps steps, SseEvent first, SseEvents events, Exchange exchange) {
        try {
            var event = first;
            while (steps.relay(event)) {
                event = UpstreamReads.next(events, exchange, steps::flush);
            }
        } catch (UpstreamReads.UpstreamBroke e) {
            steps.broke(e.getMessage());
        } catch (IOException clientGone) {
            steps.clientGone();
        }
    }
}
