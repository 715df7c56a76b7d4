package dev.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.decisionlog.DecisionLogProperties.Durability;
import dev.warden.gateway.exchange.ClientResponse;
import dev.warden.gateway.exchange.Exchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** After its relay, a stream's response ends at once in relaxed durability, and after the record in strict. */
class StreamEndsTests {

    private final Exchange exchange = new Exchange("/v1/chat/completions", Instant.now(), System.nanoTime());

    @Test
    void inRelaxedDurabilityEndsTheResponseOnceTheRelayIsDone() {
        var response = new Recorded(false);

        new StreamEnds(Durability.RELAXED).afterRelay(response, exchange);

        assertThat(response.out.closed).isTrue();
        assertThat(exchange.complete(200, System.nanoTime()).outcome()).isEqualTo("ok");
    }

    @Test
    void inStrictDurabilityLeavesTheResponseToEndAfterTheRecord() {
        var response = new Recorded(false);

        new StreamEnds(Durability.STRICT).afterRelay(response, exchange);

        assertThat(response.out.closed).isFalse();
    }

    @Test
    void recordsAClientFoundGoneAtTheEndUnlessTheStreamHadAnOutcomeAlready() {
        new StreamEnds(Durability.RELAXED).afterRelay(new Recorded(true), exchange);
        assertThat(exchange.complete(200, System.nanoTime()).outcome()).isEqualTo("client_aborted");

        var failed = new Exchange("/v1/chat/completions", Instant.now(), System.nanoTime());
        failed.interrupted("upstream_interrupted", "upstream_truncated", "the upstream stopped");
        new StreamEnds(Durability.RELAXED).afterRelay(new Recorded(true), failed);
        assertThat(failed.complete(200, System.nanoTime()).outcome()).isEqualTo("upstream_interrupted");
    }

    /** A response whose body records being closed, or fails to as when its client went away. */
    private static final class Recorded implements ClientResponse {

        final Stream out;

        Recorded(boolean clientGone) {
            out = new Stream(clientGone);
        }

        @Override
        public OutputStream body() {
            return out;
        }

        @Override
        public void status(int status) {
        }

        @Override
        public void header(String name, String value) {
        }

        @Override
        public void contentType(String type) {
        }

        @Override
        public void contentLength(int length) {
        }

        @Override
        public boolean committed() {
            return true;
        }

        @Override
        public void resetBuffer() {
        }

        @Override
        public boolean isClientGone(Throwable failure) {
            return false;
        }
    }

    private static final class Stream extends OutputStream {

        private final boolean clientGone;
        boolean closed;

        Stream(boolean clientGone) {
            this.clientGone = clientGone;
        }

        @Override
        public void write(int b) {
        }

        @Override
        public void close() throws IOException {
            if (clientGone) {
                throw new IOException("Broken pipe");
            }
            closed = true;
        }
    }
}
