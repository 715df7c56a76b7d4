package dev.warden.gateway.api;

import dev.warden.gateway.decisionlog.DecisionLogProperties;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.exchange.ClientResponse;
import java.io.IOException;
import java.io.OutputStream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How a stream that ended properly leaves. In relaxed durability its end marker is not sent on its
 * own: it goes with the response's end, in one write, once the upstream call is closed and the
 * request's reservation settled ({@link #afterRelay}), so that a client that sends its next
 * request on seeing the end finds its concurrency and budget holds released. Sending the marker
 * at once and the response's end after them cost a second write to the client for every stream.
 * In strict durability the marker is sent at once, so that the client does not wait for the disk
 * to read it, and the response ends once the record is on disk, which is strict's promise.
 */
@Component
public class StreamEnds {

    private final boolean markerAtOnce;

    @Autowired
    StreamEnds(DecisionLogProperties decisionLog) {
        this(decisionLog.durability());
    }

    StreamEnds(DecisionLogProperties.Durability durability) {
        this.markerAtOnce = durability == DecisionLogProperties.Durability.STRICT;
    }

    /** Called once the stream's end marker is written: sends it now or with the response's end. */
    public void end(OutputStream out) throws IOException {
        if (markerAtOnce) {
            out.flush();
        }
    }

    /**
     * Called after a stream's relay, its upstream call closed and its reservation settled: in
     * relaxed durability, ends the response with whatever the relay left unsent. A client found
     * gone then is recorded as such, as the relay would have.
     */
    public void afterRelay(ClientResponse response, Exchange exchange) {
        if (markerAtOnce) {
            return;
        }
        try {
            response.body().close();
        } catch (IOException gone) {
            if (!exchange.hasOutcome()) {
                exchange.interrupted("client_aborted", "client_disconnected", "the client went away before the stream's end");
            }
        }
    }
}
