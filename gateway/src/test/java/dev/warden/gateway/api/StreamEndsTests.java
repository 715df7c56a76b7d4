package dev.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.decisionlog.DecisionLogProperties.Durability;
import dev.warden.gateway.exchange.Exchange;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** After its relay, a stream's response ends at once in relaxed durability, and after the record in strict. */
class StreamEndsTests {

    private final Exchange exchange = new Exchange("/v1/chat/completions", Instant.now(), System.nanoTime());

    @Test
    void inRelaxedDurabilityEndsTheResponseOnceTheRelayIsDone() {
        var response = new RecordedResponse(false);

        new StreamEnds(Durability.RELAXED).afterRelay(response, exchange);

        assertThat(response.body.closed).isTrue();
        assertThat(exchange.complete(200, System.nanoTime()).outcome()).isEqualTo("ok");
    }

    @Test
    void inStrictDurabilityLeavesTheResponseToEndAfterTheRecord() {
        var response = new RecordedResponse(false);

        new StreamEnds(Durability.STRICT).afterRelay(response, exchange);

        assertThat(response.body.closed).isFalse();
    }

    @Test
    void recordsAClientFoundGoneAtTheEndUnlessTheStreamHadAnOutcomeAlready() {
        new StreamEnds(Durability.RELAXED).afterRelay(new RecordedResponse(true), exchange);
        assertThat(exchange.complete(200, System.nanoTime()).outcome()).isEqualTo("client_aborted");

        var failed = new Exchange("/v1/chat/completions", Instant.now(), System.nanoTime());
        failed.interrupted("upstream_interrupted", "upstream_truncated", "the upstream stopped");
        new StreamEnds(Durability.RELAXED).afterRelay(new RecordedResponse(true), failed);
        assertThat(failed.complete(200, System.nanoTime()).outcome()).isEqualTo("upstream_interrupted");
    }
}
