package dev.warden.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.decisionlog.DecisionRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GatewayMetricsTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMetrics metrics = new GatewayMetrics(registry);
    /** A field: the registry holds what it tracks only weakly. */
    private final OpenExchanges open = new OpenExchanges();

    @Test
    void countsRequestsWithTheSameTagsOnOneTimerWhateverStringsCarryThem() {
        metrics.record(record(new String("/v1/chat/completions"), new String("gpt"), 200, new String("ok"), 10, 5));
        metrics.record(record("/v1/chat/completions", "gpt", 200, "ok", 20, 7));
        metrics.record(record("/v1/chat/completions", "gpt", 429, "rejected", null, null));
        metrics.record(record("/v1/chat/completions", null, 401, null, null, null));
        metrics.record(record("/admin/anything", "gpt", 200, "ok", null, null));

        assertThat(timerCount("/v1/chat/completions", "gpt", "200", "ok")).isEqualTo(2);
        assertThat(timerCount("/v1/chat/completions", "gpt", "429", "rejected")).isEqualTo(1);
        assertThat(timerCount("/v1/chat/completions", "none", "401", "null")).isEqualTo(1);
        assertThat(timerCount("other", "gpt", "200", "ok")).isEqualTo(1);
        assertThat(registry.find("warden.requests").timers()).hasSize(4);
        assertThat(registry.get("warden.tokens").tags("route", "gpt", "direction", "in").counter().count()).isEqualTo(30);
        assertThat(registry.get("warden.tokens").tags("route", "gpt", "direction", "out").counter().count()).isEqualTo(12);
    }

    @Test
    void tracksRequestsReceivedAndInProgress() {
        metrics.track(open);
        var answered = new Exchange("/v1/chat/completions", Instant.now(), System.nanoTime());
        open.add(answered);
        open.add(new Exchange("/v1/chat/completions", Instant.now(), System.nanoTime()));
        open.close(answered);

        assertThat(registry.get("warden.requests.received").functionCounter().count()).isEqualTo(2);
        assertThat(registry.get("warden.requests.active").gauge().value()).isEqualTo(1);
    }

    private long timerCount(String endpoint, String route, String status, String outcome) {
        return registry.get("warden.requests").tags("endpoint", endpoint, "route", route, "status", status, "outcome", outcome)
                .timer().count();
    }

    private static DecisionRecord record(String endpoint, String route, int status, String outcome, Integer in, Integer out) {
        return new DecisionRecord(UUID.randomUUID(), Instant.now(), null, endpoint, false, null, route, null, null, status, outcome,
                null, null, "rev", false, List.of(), in, out, 1.0, 0.5, null, null, null, null, null, null, null, null, null, null);
    }
}
