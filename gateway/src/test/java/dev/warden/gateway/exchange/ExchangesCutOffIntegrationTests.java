package dev.warden.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.gateway.WardenIntegrationTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An exchange cut off by a stop ({@link Exchanges#cutOff}) is recorded once, as cut off, and its
 * request's own end afterwards writes nothing and tells its caller so; an exchange closed before
 * the stop is not touched by it.
 */
class ExchangesCutOffIntegrationTests extends WardenIntegrationTest {

    @Autowired
    Exchanges exchanges;

    @Test
    void aRequestCutOffIsRecordedOnceAndItsOwnLateEndWritesNothing() {
        var answered = exchanges.open("/v1/chat/completions");
        answered.requested("cut-off-answered", false);
        assertThat(exchanges.close(answered, 200)).isTrue();
        var inProgress = exchanges.open("/v1/chat/completions");
        inProgress.requested("cut-off-in-progress", false);

        assertThat(exchanges.cutOff()).isGreaterThanOrEqualTo(1);

        assertThat(exchanges.close(inProgress, 200)).as("its own end, after the stop's").isFalse();
        assertThat(exchanges.closeWithoutWaiting(inProgress, 200)).isSameAs(Exchanges.CUT_OFF);
        var cutOff = await().atMost(Duration.ofSeconds(10)).until(() -> rows(inProgress), rows -> rows.size() == 1).getFirst();
        assertThat(cutOff).containsEntry("outcome", "cut_off").containsEntry("status", 503)
                .containsEntry("error_type", "gateway_stopped")
                .containsEntry("reason", "the gateway stopped before this request was answered");
        var ok = await().atMost(Duration.ofSeconds(10)).until(() -> rows(answered), rows -> rows.size() == 1).getFirst();
        assertThat(ok).containsEntry("outcome", "ok").containsEntry("status", 200);
    }

    private java.util.List<Map<String, Object>> rows(Exchange exchange) {
        return jdbc.queryForList("SELECT outcome, status, error_type, reason FROM decisions WHERE id = ?", exchange.id());
    }
}
