package dev.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.decisionlog.DecisionLogProperties;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.SseEvents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OpenAiStreamPassthroughTests {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private OpenAiStreamPassthrough passthrough = passthrough(DecisionLogProperties.Durability.RELAXED);
    private final Exchange exchange = new Exchange("/v1/chat/completions", Instant.now(), System.nanoTime());
    private boolean aborted;

    @Test
    void relaysEventsAndEndsAStreamThatStopsWithoutDoneWithAnErrorEvent() throws IOException {
        var events = new SseEvents(new ByteArrayInputStream("""
                data: {"choices":[{"delta":{"content":"a"}}]}

                data: {"choices":[{"delta":{"content":"b"}}]}

                """.getBytes(StandardCharsets.UTF_8)));

        StreamSteps.relayAll(passthrough.steps(exchange, client(), true), events.next(), events, exchange);

        assertThat(written.toString(StandardCharsets.UTF_8)).contains("\"content\":\"a\"", "\"content\":\"b\"")
                .contains("\"code\":\"upstream_truncated\"").doesNotContain("data: [DONE]");
    }

    @Test
    void endsWithAnErrorEventWhenAnEventIsNotJson() throws IOException {
        var events = new SseEvents(new ByteArrayInputStream("data: {\"choices\":[]}\n\ndata: {\"broken\": \n\n".getBytes(StandardCharsets.UTF_8)));

        StreamSteps.relayAll(passthrough.steps(exchange, client(), true), events.next(), events, exchange);

        assertThat(written.toString(StandardCharsets.UTF_8)).contains("\"code\":\"upstream_malformed\"");
    }

    @Test
    void cancelsTheUpstreamWhenTheClientGoesAway() throws IOException {
        var events = new SseEvents(new ByteArrayInputStream("data: {\"choices\":[]}\n\n".getBytes(StandardCharsets.UTF_8)));
        var broken = new ClientStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        }, () -> aborted = true);

        StreamSteps.relayAll(passthrough.steps(exchange, broken, true), events.next(), events, exchange);

        assertThat(aborted).isTrue();
        assertThat(exchange.complete(200, System.nanoTime()).outcome()).isEqualTo("client_aborted");
    }

    @Test
    void sendsABurstOfEventsInOneFlushAndNeverWaitsForTheUpstreamWithAnEventUnsent() {
        var burst = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            burst.append("data: {\"choices\":[{\"delta\":{\"content\":\"").append(i).append("\"}}]}\n\n");
        }
        var upstream = new PartedUpstream(() -> written.size() != flushed, burst + "data: [DONE]\n\n");
        var client = new CountingClient();

        relay(upstream, client);

        assertThat(client.text()).contains("\"content\":\"0\"", "\"content\":\"14\"").endsWith("data: [DONE]\n\n");
        assertThat(client.flushes).as("all of it left for the response's end, one write").isZero();
        assertThat(upstream.readsWithUnsent()).isZero();
    }

    @Test
    void inStrictDurabilitySendsTheEndMarkerAtOnceNotWithTheResponsesEndAfterTheRecord() {
        passthrough = passthrough(DecisionLogProperties.Durability.STRICT);
        var upstream = new PartedUpstream(() -> written.size() != flushed, "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n"
                + "data: [DONE]\n\n");
        var client = new CountingClient();

        relay(upstream, client);

        assertThat(client.text()).endsWith("data: [DONE]\n\n");
        assertThat(client.flushes).isEqualTo(1);
        assertThat(flushed).as("the end marker was sent").isEqualTo(written.size());
    }

    @Test
    void flushesEachEventThatArrivesOnItsOwn() {
        var upstream = new PartedUpstream(() -> written.size() != flushed, "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n",
                ": keep-alive\n\n",
                "data: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\r\n\r\ndata: {\"choices\":[{\"delta\":{\"content\":\"c\"}}]}\n",
                "\n",
                // The usage the gateway asked for is dropped; the event before it must not wait for [DONE].
                "data: {\"choices\":[{\"delta\":{\"content\":\"d\"}}]}\n\ndata: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}\n\n",
                "data: [DONE]\n\n");
        var client = new CountingClient();

        relay(upstream, client);

        assertThat(client.text()).contains("\"content\":\"a\"", "\"content\":\"b\"", "\"content\":\"c\"", "\"content\":\"d\"")
                .doesNotContain("prompt_tokens").endsWith("data: [DONE]\n\n");
        assertThat(upstream.readsWithUnsent()).isZero();
        assertThat(client.flushes).as("each before a read that waits; the end marker goes with the response's end").isEqualTo(4);
    }

    private void relay(PartedUpstream upstream, CountingClient client) {
        var events = new SseEvents(upstream);
        try {
            StreamSteps.relayAll(passthrough.steps(exchange, new ClientStream(client, () -> aborted = true), true), events.next(), events,
                    exchange);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private int flushed;

    private final class CountingClient extends OutputStream {

        int flushes;

        @Override
        public void write(int b) {
            written.write(b);
        }

        @Override
        public void flush() {
            flushes++;
            flushed = written.size();
        }

        String text() {
            return written.toString(StandardCharsets.UTF_8);
        }
    }

    private static OpenAiStreamPassthrough passthrough(DecisionLogProperties.Durability durability) {
        return new OpenAiStreamPassthrough(new WireJson(), new ErrorWriter(new ObjectMapper()), new StreamEnds(durability));
    }

    private ClientStream client() {
        return new ClientStream(new OutputStream() {
            @Override
            public void write(int b) {
                written.write(b);
            }
        }, () -> aborted = true);
    }
}
