package dev.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.decisionlog.DecisionLogProperties;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.LoopUpstream;
import dev.warden.gateway.provider.SseEvent;
import dev.warden.gateway.provider.SseFeed;
import dev.warden.gateway.provider.UpstreamResponse;
import dev.warden.gateway.provider.anthropic.AnthropicChunks;
import dev.warden.gateway.routing.Dispatch;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A stream relayed as its upstream's bytes are pushed, as it is or translated: what the client
 * gets, and when the upstream is held back.
 */
class LoopStreamRelayTests {

    private static final String FIRST = "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}";

    private final OpenAiStreamPassthrough passthrough = new OpenAiStreamPassthrough(new WireJson(),
            new ErrorWriter(new ObjectMapper()), new StreamEnds(DecisionLogProperties.Durability.RELAXED));
    private final LoopStreamRelay relay = new LoopStreamRelay();
    private final Exchange exchange = new Exchange("/v1/chat/completions", Instant.now(), System.nanoTime());
    private final List<String> upstream = new ArrayList<>();
    private final RecordingStreamClient client = new RecordingStreamClient();
    private final SseFeed feed = new SseFeed();

    LoopStreamRelayTests() {
        feed.attached(new LoopUpstream.Flow() {
            @Override
            public void pause() {
                upstream.add("pause");
            }

            @Override
            public void resume() {
                upstream.add("resume");
            }

            @Override
            public void cancel() {
                upstream.add("cancel");
                feed.broken(new IOException("the call was cancelled")); // as the call tells its receiver
            }
        });
    }

    @Test
    void relaysEachReadsEventsInOneSendAndEndsAtTheEndMarker() throws IOException {
        // events that came in the read with the first are queued, and leave with it
        push("data: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"c\"}}]}\n\n");
        var done = start();
        assertThat(client.sends).hasSize(1);
        assertThat(client.sends.getFirst()).contains("\"a\"", "\"b\"", "\"c\"");

        push("data: {\"choices\":[{\"delta\":{\"content\":\"d\"}}]}\n\n");
        assertThat(client.sends).hasSize(2);
        assertThat(client.sends.getLast()).contains("\"d\"").doesNotContain("\"c\"");

        push("data: [DONE]\n\n");
        feed.end();

        assertThat(done).isCompleted();
        assertThat(client.text()).endsWith("data: [DONE]\n\n");
        assertThat(exchange.hasOutcome()).isFalse();
        assertThat(client.headers).containsEntry("Content-Type", "text/event-stream;charset=UTF-8");
        assertThat(upstream).isEmpty();
    }

    @Test
    void holdsTheUpstreamBackWhileTheClientIsBackloggedAndReadsItAgainOnceDrained() throws IOException {
        client.backlogged = true;
        var done = start();
        push("data: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\n\n");
        assertThat(upstream).containsExactly("pause");
        int sent = client.sends.size();

        push("data: {\"choices\":[{\"delta\":{\"content\":\"late\"}}]}\n\n");
        assertThat(client.sends).as("nothing more is sent while held back").hasSize(sent);
        assertThat(client.text()).doesNotContain("late");

        client.backlogged = false;
        client.drained.run();

        assertThat(upstream).containsExactly("pause", "resume");
        assertThat(client.text()).contains("late");
        push("data: [DONE]\n\n");
        assertThat(done).isCompleted();
    }

    @Test
    void endsAStreamThatBreaksOffWithAnErrorEventNamingWhy() throws IOException {
        var done = start();
        push("data: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\n\n");
        feed.broken(new IOException("the total time limit of 30 s"));

        assertThat(done).isCompleted();
        assertThat(client.text()).contains("\"b\"", "\"code\":\"upstream_interrupted\"", "the total time limit of 30 s");
        assertThat(exchange.hasOutcome()).isTrue();
    }

    @Test
    void endsAStreamCutOffBeforeItsEndMarkerWithAnErrorEvent() throws IOException {
        var done = start();
        feed.end();

        assertThat(done).isCompleted();
        assertThat(client.text()).contains("\"code\":\"upstream_truncated\"").doesNotContain("[DONE]");
    }

    @Test
    void aClientGoneCancelsTheUpstreamOnceAndEndsTheRelay() throws IOException {
        var done = start();
        client.gone = true;
        push("data: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"c\"}}]}\n\n");

        assertThat(done).isCompleted();
        // the break the cancel reports is not a turn of the relay's: nothing more is relayed, nor an error event tried
        assertThat(upstream).containsExactly("cancel");
        assertThat(exchange.hasOutcome()).isTrue();
    }

    @Test
    void aClientGoneWhileTheUpstreamIsSilentCancelsItAtOnceAndTheWatchEndsWithTheRelay() throws IOException {
        var done = start();
        assertThat(client.watching).isTrue();

        client.gone = true;
        client.closed.run(); // the connection closed; no event has come since the first

        // cancelled as the connection closed (the relay's own cancel, as its error event finds the client gone, does nothing more)
        assertThat(upstream).isNotEmpty().containsOnly("cancel");
        assertThat(done).isCompleted();
        assertThat(exchange.hasOutcome()).isTrue();
        assertThat(client.watching).as("the watch is removed as the relay ends").isFalse();
    }

    @Test
    void aClientWhoseConnectionClosesAsTheRelayFlushesEndsTheRelay() throws IOException {
        var done = start();
        // As on Netty: a send that fails closes the connection inside the flush, and its watch runs there
        client.closesOnFlush = true;
        push("data: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\n\n");

        assertThat(upstream).isNotEmpty().containsOnly("cancel");
        assertThat(done).as("the break the watch's cancel reported is not lost on a relay at work").isCompleted();
        assertThat(exchange.hasOutcome()).isTrue();
    }

    @Test
    void aStreamThatEndsStopsWatchingItsClient() throws IOException {
        var done = start();
        push("data: [DONE]\n\n");

        assertThat(done).isCompleted();
        assertThat(client.watching).isFalse();
        assertThat(upstream).isEmpty();
    }

    @Test
    void translatesEachReadsEventsForTheClientsSurfaceAndEndsAtTheUpstreamsEndMarker() throws IOException {
        var sink = new TextSink(client);
        var steps = new CanonicalStreamRelay().steps(new AnthropicChunks(1), exchange, sink, feed::cancel);
        push(anthropic("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + anthropic("content_block_delta", delta("Hel")));
        var done = start(new SseEvent("message_start", ANTHROPIC_START, List.of()), steps);
        assertThat(client.sends).containsExactly("[assistant][Hel]");

        push(anthropic("content_block_delta", delta("lo")));
        assertThat(client.sends).containsExactly("[assistant][Hel]", "[lo]");

        push(anthropic("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + anthropic("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                + "\"usage\":{\"output_tokens\":7}}")
                + anthropic("message_stop", "{\"type\":\"message_stop\"}"));

        assertThat(done).isCompleted();
        assertThat(client.text()).isEqualTo("[assistant][Hel][lo][stop][usage][end]");
        assertThat(exchange.tokensIn()).isEqualTo(25);
        assertThat(exchange.tokensOut()).isEqualTo(7);
        assertThat(exchange.hasOutcome()).isFalse();
        assertThat(upstream).isEmpty();
    }

    @Test
    void endsATranslatedStreamWhoseUpstreamReportsAnErrorWithTheSurfacesErrorAndDropsTheUpstream() throws IOException {
        var steps = new CanonicalStreamRelay().steps(new AnthropicChunks(1), exchange, new TextSink(client), feed::cancel);
        var done = start(new SseEvent("message_start", ANTHROPIC_START, List.of()), steps);
        push(anthropic("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));

        assertThat(done).isCompleted();
        assertThat(client.text()).endsWith("[fail upstream_error]");
        assertThat(upstream).as("the upstream is dropped, not read on").containsExactly("cancel");
        assertThat(recorded().outcome()).isEqualTo("upstream_interrupted");
        assertThat(recorded().errorType()).isEqualTo("upstream_error");
    }

    @Test
    void endsATranslatedStreamThatBreaksOffWithTheSurfacesErrorNamingWhy() throws IOException {
        var steps = new CanonicalStreamRelay().steps(new AnthropicChunks(1), exchange, new TextSink(client), feed::cancel);
        var done = start(new SseEvent("message_start", ANTHROPIC_START, List.of()), steps);
        push(anthropic("content_block_delta", delta("Hel")));

        feed.broken(new IOException("the total time limit of 30 s"));

        assertThat(done).isCompleted();
        assertThat(client.text()).endsWith("[Hel][fail upstream_interrupted]");
        assertThat(recorded().errorType()).isEqualTo("upstream_interrupted");
        assertThat(recorded().reason()).contains("the total time limit of 30 s");
    }

    @Test
    void aClientGoneFromATranslatedStreamCancelsTheUpstreamOnce() throws IOException {
        var steps = new CanonicalStreamRelay().steps(new AnthropicChunks(1), exchange, new TextSink(client), feed::cancel);
        var done = start(new SseEvent("message_start", ANTHROPIC_START, List.of()), steps);
        client.gone = true;

        push(anthropic("content_block_delta", delta("Hel")) + anthropic("content_block_delta", delta("lo")));

        assertThat(done).isCompleted();
        assertThat(upstream).containsExactly("cancel");
        assertThat(recorded().outcome()).isEqualTo("client_aborted");
    }

    private dev.warden.gateway.decisionlog.DecisionRecord recorded() {
        return exchange.complete(200, System.nanoTime());
    }

    private CompletableFuture<Void> start() throws IOException {
        EventStreamHead.start(client, exchange);
        var steps = passthrough.steps(exchange, new ClientStream(client.body(), feed::cancel), true);
        return start(new SseEvent(null, FIRST, List.of(("data: " + FIRST).getBytes(StandardCharsets.UTF_8))), steps);
    }

    private CompletableFuture<Void> start(SseEvent first, StreamSteps steps) {
        var dispatch = new Dispatch(null, null, null, UpstreamResponse.inProcess(200, new byte[0]), false, null, feed, first, null);
        return relay.relay(dispatch, exchange, client, steps);
    }

    private static final String ANTHROPIC_START = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude\",\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}";

    private static String anthropic(String event, String data) {
        return "event: " + event + "\ndata: " + data + "\n\n";
    }

    private static String delta(String text) {
        return "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}";
    }

    /** A surface's encoder in brief: each canonical chunk written as what it carries. */
    private record TextSink(RecordingStreamClient client) implements StreamSink {

        @Override
        public void chunk(ObjectNode chunk) throws IOException {
            var choice = chunk.path("choices").path(0);
            var what = chunk.hasNonNull("usage") ? "usage"
                    : choice.path("delta").has("role") ? "assistant"
                    : choice.hasNonNull("finish_reason") ? choice.get("finish_reason").asText()
                    : choice.path("delta").path("content").asText();
            write("[" + what + "]");
        }

        @Override
        public void flush() throws IOException {
            client.body().flush();
        }

        @Override
        public void end() throws IOException {
            write("[end]");
            flush();
        }

        @Override
        public void fail(String code, String message) throws IOException {
            write("[fail " + code + "]");
            flush();
        }

        private void write(String text) throws IOException {
            client.body().write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void push(String bytes) {
        feed.bytes(Unpooled.copiedBuffer(bytes, StandardCharsets.UTF_8));
    }
}
