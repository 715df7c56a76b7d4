package dev.warden.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.TestPolicies;
import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.fake.FakeOpenAi;
import org.junit.jupiter.api.Test;

class ProvidersControlIntegrationTests extends WardenIntegrationTest {

    @Test
    void reportsEachModelsHealthAndLetsAPolicySteerAwayFromADegradedRoute() {
        // The degraded route's only target is the model that always answers 503: once a call to it
        // has failed, its error rate steers the route elsewhere.
        var key = newKey("health");

        var failing = post("/v1/chat/completions", key, chat(FakeOpenAi.FAIL_503));
        var steered = post("/v1/chat/completions", key, chat(TestPolicies.DEGRADED));

        assertThat(failing.statusCode()).isEqualTo(503);
        assertThat(steered.statusCode()).isEqualTo(200);
        assertThat(steered.headers().firstValue("x-warden-route")).hasValue("fake/" + FakeOpenAi.MODEL);
        var degraded = model(json(get("/admin/api/providers", adminToken()).body()), "fake", FakeOpenAi.FAIL_503);
        assertThat(degraded.path("errorRate").asDouble()).isEqualTo(1.0);
        assertThat(degraded.path("calls").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(degraded.path("circuit").asText()).isEqualTo("CLOSED");
        assertThat(degraded.path("latencyP95Ms").asDouble()).isPositive();
        assertThat(get("/actuator/prometheus", null).body())
                .containsPattern("warden_provider_error_rate\\{[^}]*model=\"fake-fail-503\"[^}]*} 1.0")
                // its connection pool, by state (other tests share it, so only that they are there),
                // and its bound (the default: the test bundle sets none)
                .containsPattern("warden_provider_connections\\{[^}]*provider=\"fake\",state=\"available\"} [0-9]")
                .containsPattern("warden_provider_connections\\{[^}]*provider=\"fake\",state=\"leased\"} [0-9]")
                .containsPattern("warden_provider_connections_max\\{[^}]*provider=\"fake\"} 4096.0");
    }

    private static JsonNode model(JsonNode providers, String provider, String model) {
        for (var entry : providers) {
            if (entry.path("name").asText().equals(provider)) {
                for (var stats : entry.path("models")) {
                    if (stats.path("model").asText().equals(model)) {
                        return stats;
                    }
                }
            }
        }
        throw new AssertionError("no health for " + provider + "/" + model + " in " + providers);
    }
}
