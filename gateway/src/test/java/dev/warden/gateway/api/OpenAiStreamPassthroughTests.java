package dev.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.SseEvents;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OpenAiStreamPassthroughTests {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final OpenAiStreamPassthrough passthrough = new OpenAiStreamPassthrough(new WireJson(),
            new ErrorWriter(new ObjectMapper()));
    private final Exchange exchange = new Exchange("/v1/chat/completions", Instant.now(), System.nanoTime());
    private boolean aborted;

    @Test
    void relaysEventsAndEndsAStreamThatStopsWithoutDoneWithAnErrorEvent() throws IOException {
        var events = new SseEvents(new ByteArrayInputStream("""
                data: {"choices":[{"delta":{"content":"a"}}]}

                data: {"choices":[{"delta":{"content":"b"}}]}

                """.getBytes(StandardCharsets.UTF_8)));

        passthrough.relay(events.next(), events, exchange, client(), true);

        assertThat(written.toString(StandardCharsets.UTF_8)).contains("\"content\":\"a\"", "\"content\":\"b\"")
                .contains("\"code\":\"upstream_truncated\"").doesNotContain("data: [DONE]");
    }

    @Test
    void endsWithAnErrorEventWhenAnEventIsNotJson() throws IOException {
        var events = new SseEvents(new ByteArrayInputStream("data: {\"choices\":[]}\n\ndata: {\"broken\": \n\n".getBytes(StandardCharsets.UTF_8)));

        passthrough.relay(events.next(), events, exchange, client(), true);

        assertThat(written.toString(StandardCharsets.UTF_8)).contains("\"code\":\"upstream_malformed\"");
    }

    @Test
    void cancelsTheUpstreamWhenTheClientGoesAway() throws IOException {
        var events = new SseEvents(new ByteArrayInputStream("data: {\"choices\":[]}\n\n".getBytes(StandardCharsets.UTF_8)));
        var broken = new ClientStream(new ServletOutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        }, () -> aborted = true);

        passthrough.relay(events.next(), events, exchange, broken, true);

        assertThat(aborted).isTrue();
        assertThat(exchange.complete(200, System.nanoTime()).outcome()).isEqualTo("client_aborted");
    }

    private ClientStream client() {
        return new ClientStream(new ServletOutputStream() {
            @Override
            public void write(int b) {
                written.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        }, () -> aborted = true);
    }
}
