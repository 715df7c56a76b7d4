package dev.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.ChunkTranslator;
import dev.warden.gateway.provider.SseEvents;
import dev.warden.gateway.provider.openai.OpenAiChunks;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalStreamRelayTests {

    private final Exchange exchange = new Exchange("/v1/messages", Instant.now(), System.nanoTime());
    private final List<String> calls = new ArrayList<>();
    /** Chunks written since the last flush. */
    private int unsent;

    @Test
    void sendsChunksThatCameTogetherInOneFlushAndNothingWaitsForTheUpstream() throws IOException {
        var upstream = new PartedUpstream(() -> unsent > 0, chunk("a") + chunk("b"), chunk("c"), chunk("d") + "data: [DONE]\n\n");

        relay(upstream);

        assertThat(calls).containsExactly("chunk a", "chunk b", "flush", "chunk c", "flush", "chunk d", "end");
        assertThat(upstream.readsWithUnsent()).isZero();
    }

    @Test
    void endsAStreamCutShortWithTheSurfacesErrorAfterSendingWhatCame() throws IOException {
        var upstream = new PartedUpstream(() -> unsent > 0, chunk("a") + chunk("b"));

        relay(upstream);

        assertThat(calls).containsExactly("chunk a", "chunk b", "flush", "fail upstream_truncated");
        assertThat(upstream.readsWithUnsent()).isZero();
    }

    @Test
    void aTranslatorsOwnFailureEndsTheStreamWithAnErrorItsClientCanReadAndDropsTheUpstream() throws IOException {
        var events = new SseEvents(new PartedUpstream(() -> unsent > 0, chunk("a") + chunk("b") + chunk("c")));
        var translator = new OpenAiChunks();
        var aborted = new boolean[1];
        ChunkTranslator failingOnTheSecond = new ChunkTranslator() {
            private int seen;

            @Override
            public List<ObjectNode> onEvent(String event, String data) {
                if (++seen == 2) {
                    throw new IllegalStateException("a defect");
                }
                return translator.onEvent(event, data);
            }

            @Override
            public boolean finished() {
                return translator.finished();
            }
        };

        StreamSteps.relayAll(new CanonicalStreamRelay().steps(failingOnTheSecond, exchange, new Sink(), () -> aborted[0] = true),
                events.next(), events, exchange);

        assertThat(calls).containsExactly("chunk a", "fail upstream_malformed");
        assertThat(aborted[0]).isTrue();
        var record = exchange.complete(200, System.nanoTime());
        assertThat(record.outcome()).isEqualTo("upstream_interrupted");
        assertThat(record.errorType()).isEqualTo("upstream_malformed");
    }

    private void relay(PartedUpstream upstream) throws IOException {
        var events = new SseEvents(upstream);
        StreamSteps.relayAll(new CanonicalStreamRelay().steps(new OpenAiChunks(), exchange, new Sink(), () -> { }), events.next(), events, exchange);
    }

    private static String chunk(String content) {
        return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}]}\n\n";
    }

    private final class Sink implements StreamSink {

        @Override
        public void chunk(ObjectNode chunk) {
            calls.add("chunk " + chunk.at("/choices/0/delta/content").asText());
            unsent++;
        }

        @Override
        public void flush() {
            calls.add("flush");
            unsent = 0;
        }

        @Override
        public void end() {
            calls.add("end");
            unsent = 0;
        }

        @Override
        public void fail(String code, String message) {
            calls.add("fail " + code);
            unsent = 0;
        }
    }
}
