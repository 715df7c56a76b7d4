package dev.warden.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.fake.FakeOpenAi;
import org.junit.jupiter.api.Test;

class OperationsIntegrationTests extends WardenIntegrationTest {

    @Test
    void reportsLivenessAndReadinessIncludingTheDatabase() {
        var health = get("/actuator/health", null);
        var liveness = get("/actuator/health/liveness", null);
        var readiness = get("/actuator/health/readiness", null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health.body()).path("status").asText()).isEqualTo("UP");
        assertThat(json(liveness.body()).path("status").asText()).isEqualTo("UP");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"storage\"", "pendingDecisions");
    }

    @Test
    void exposesRequestCountLatencyAndTokensByRouteAndStatus() {
        var key = newKey("metrics");
        post("/v1/chat/completions", key, chat(FakeOpenAi.MODEL));
        post("/v1/chat/completions", key, chat(FakeOpenAi.FAIL_500));

        var metrics = get("/actuator/prometheus", null).body();

        assertThat(metrics).containsPattern(
                "warden_requests_seconds_count\\{[^}]*endpoint=\"/v1/chat/completions\"[^}]*route=\"gpt-fake\"[^}]*status=\"200\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("warden_requests_seconds_count\\{[^}]*route=\"fake-fail-500\"[^}]*status=\"502\"");
        assertThat(metrics).containsPattern("warden_requests_seconds_bucket\\{");
        assertThat(metrics).containsPattern("warden_tokens_total\\{[^}]*direction=\"in\"[^}]*route=\"gpt-fake\"[^}]*} [1-9]");
        assertThat(metrics).contains("warden_decisions_pending");
    }

    @Test
    void timesModelRequestsOnceInItsOwnMetricAndEverythingElseInSpringsToo() {
        post("/v1/chat/completions", newKey("metrics"), chat(FakeOpenAi.MODEL));
        get("/actuator/health", null);

        var metrics = get("/actuator/prometheus", null).body();

        assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/actuator/health\"");
        assertThat(metrics).doesNotContain("uri=\"/v1/chat/completions\"");
        assertThat(metrics).containsPattern("warden_requests_seconds_count\\{[^}]*endpoint=\"/v1/chat/completions\"");
    }
}
