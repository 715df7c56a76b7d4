package dev.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.decisionlog.DecisionLogProperties;
import dev.warden.gateway.exchange.ClientResponse;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.LoopUpstream;
import dev.warden.gateway.provider.SseEvent;
import dev.warden.gateway.provider.SseFeed;
import dev.warden.gateway.provider.UpstreamResponse;
import dev.warden.gateway.routing.Dispatch;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A stream relayed as its upstream's bytes are pushed: what the client gets, and when the upstream is held back. */
class LoopStreamRelayTests {

    private static final String FIRST = "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}";

    private final LoopStreamRelay relay = new LoopStreamRelay(new OpenAiStreamPassthrough(new WireJson(),
            new ErrorWriter(new ObjectMapper()), new StreamEnds(DecisionLogProperties.Durability.RELAXED)));
    private final Exchange exchange = new Exchange("/v1/chat/completions", Instant.now(), System.nanoTime());
    private final List<String> upstream = new ArrayList<>();
    private final Client client = new Client();
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
    void aStreamThatEndsStopsWatchingItsClient() throws IOException {
        var done = start();
        push("data: [DONE]\n\n");

        assertThat(done).isCompleted();
        assertThat(client.watching).isFalse();
        assertThat(upstream).isEmpty();
    }

    private CompletableFuture<Void> start() throws IOException {
        var dispatch = new Dispatch(null, null, null, UpstreamResponse.inProcess(200, new byte[0]), false, null, feed,
                new SseEvent(null, FIRST, List.of(("data: " + FIRST).getBytes(StandardCharsets.UTF_8))), null);
        return relay.relay(dispatch, exchange, client, false);
    }

    private void push(String bytes) {
        feed.bytes(Unpooled.copiedBuffer(bytes, StandardCharsets.UTF_8));
    }

    /** A client's response that records each send, and may be backlogged or gone. */
    private static final class Client implements ClientResponse {
        final List<String> sends = new ArrayList<>();
        final java.util.Map<String, String> headers = new java.util.HashMap<>();
        final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        boolean backlogged;
        boolean gone;
        boolean watching;
        Runnable closed;
        Runnable drained;

        String text() {
            return String.join("", sends) + pending.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void status(int status) {
        }

        @Override
        public void header(String name, String value) {
            headers.put(name, value);
        }

        @Override
        public void contentType(String type) {
            headers.put("Content-Type", type);
        }

        @Override
        public void contentLength(int length) {
        }

        @Override
        public boolean committed() {
            return !sends.isEmpty();
        }

        @Override
        public void resetBuffer() {
            pending.reset();
        }

        @Override
        public OutputStream body() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (gone) {
                        throw new IOException("Broken pipe");
                    }
                    pending.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    if (gone) {
                        throw new IOException("Broken pipe");
                    }
                    if (pending.size() > 0) {
                        sends.add(pending.toString(StandardCharsets.UTF_8));
                        pending.reset();
                    }
                }
            };
        }

        @Override
        public boolean isClientGone(Throwable failure) {
            return true;
        }

        @Override
        public Runnable whenGone(Runnable gone) {
            closed = gone;
            watching = true;
            return () -> watching = false;
        }

        @Override
        public boolean backlogged(Runnable drained) {
            this.drained = drained;
            return backlogged;
        }
    }
}
