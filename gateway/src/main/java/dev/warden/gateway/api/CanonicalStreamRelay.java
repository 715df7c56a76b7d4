package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.ChunkTranslator;
import dev.warden.gateway.provider.SseEvent;
import dev.warden.gateway.provider.StreamFailure;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Relays a stream that needs translation: upstream events become canonical chunks, which the
 * client surface encodes. Chunks are written as they arrive and sent before the relay waits for
 * the upstream again ({@link UpstreamReads} on a worker, {@link LoopStreamRelay} on the loop). A
 * stream that breaks off, or ends without the upstream's end marker, ends with the surface's
 * error event, never a clean end.
 */
@Component
class CanonicalStreamRelay {

    private static final Logger log = LoggerFactory.getLogger(CanonicalStreamRelay.class);

    /** This relay's steps for one stream, on a worker or on the event loop. */
    StreamSteps steps(ChunkTranslator translator, Exchange exchange, StreamSink sink, Runnable abortUpstream) {
        return new StreamSteps() {
            @Override
            public boolean relay(SseEvent event) throws IOException {
                if (event == null) {
                    fail(sink, exchange, "upstream_truncated", "The upstream stream ended before its end marker.", abortUpstream);
                    return false;
                }
                List<ObjectNode> chunks;
                try {
                    chunks = translator.onEvent(event.event(), event.data());
                } catch (StreamFailure e) {
                    abortUpstream.run();
                    fail(sink, exchange, "upstream_error", e.getMessage(), () -> { });
                    return false;
                } catch (RuntimeException e) {
                    // A translator's own defect, met on an event it did not expect: the stream still ends with
                    // an error its client can read, not cut off. The event's text is not logged: it is content.
                    log.warn("A stream event from {} could not be translated: {} at {}", exchange.provider(),
                            e.getClass().getName(), e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
                    abortUpstream.run();
                    fail(sink, exchange, "upstream_malformed", "The upstream sent an event that could not be translated.",
                            () -> { });
                    return false;
                }
                for (var chunk : chunks) {
                    Usages.record(chunk, exchange);
                    if (hasDelta(chunk)) {
                        exchange.firstToken(System.nanoTime());
                        StreamedText.record(chunk, exchange);
                    }
                    sink.chunk(chunk);
                }
                if (translator.finished()) {
                    sink.end();
                    return false;
                }
                return true;
            }

            @Override
            public void flush() throws IOException {
                sink.flush();
            }

            @Override
            public void broke(String why) {
                fail(sink, exchange, "upstream_interrupted", "The upstream stream broke off: " + why, abortUpstream);
            }

            @Override
            public void clientGone() {
                ClientStream.clientGone(exchange, abortUpstream);
            }
        };
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
            ClientStream.clientGone(exchange, abortUpstream);
        }
    }
}
