package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.ChunkTranslator;
import dev.warden.gateway.provider.SseEvent;
import dev.warden.gateway.provider.SseEvents;
import dev.warden.gateway.provider.StreamFailure;
import java.io.IOException;
import org.springframework.stereotype.Component;

/**
 * Relays a stream that needs translation: upstream events become canonical chunks, which the
 * client surface encodes. Chunks are written as they arrive and sent before the relay waits for
 * the upstream again ({@link UpstreamReads}). A stream that breaks off, or ends
 * without the upstream's end marker, ends with the surface's error event, never a clean end.
 */
@Component
class CanonicalStreamRelay {

    void relay(SseEvent first, SseEvents events, ChunkTranslator translator, Exchange exchange, StreamSink sink,
               Runnable abortUpstream) {
        try {
            for (var event = first; event != null; event = UpstreamReads.next(events, exchange, sink::flush)) {
                for (var chunk : translator.onEvent(event.event(), event.data())) {
                    Usages.record(chunk, exchange);
                    if (hasDelta(chunk)) {
                        exchange.firstToken(System.nanoTime());
                        StreamedText.record(chunk, exchange);
                    }
                    sink.chunk(chunk);
                }
                if (translator.finished()) {
                    sink.end();
                    return;
                }
            }
            fail(sink, exchange, "upstream_truncated", "The upstream stream ended before its end marker.", abortUpstream);
        } catch (UpstreamReads.UpstreamBroke e) {
            fail(sink, exchange, "upstream_interrupted", "The upstream stream broke off: " + e.getMessage(), abortUpstream);
        } catch (StreamFailure e) {
            abortUpstream.run();
            fail(sink, exchange, "upstream_error", e.getMessage(), () -> { });
        } catch (IOException clientGone) {
            exchange.interrupted("client_aborted", "client_disconnected", "the client went away mid-stream");
            abortUpstream.run();
        }
    }

    private static boolean hasDelta(ObjectNode chunk) {
        var choices = chunk.get("choices");
        return choices != null && !choices.isEmpty();
    }


    private static void fail(StreamSink sink, Exchange exchange, String code, String message, Runnable abortUpstream) {
        exchange.interrupted("upstream_interrupted", code, message);
        try {
            sink.fail(code, message);
        } catch (IOException e) {
            exchange.interrupted("client_aborted", "client_disconnected", "the client went away mid-stream");
            abortUpstream.run();
        }
    }

}
