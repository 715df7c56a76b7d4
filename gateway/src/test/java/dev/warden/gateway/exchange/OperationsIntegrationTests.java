package dev.warden.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.fake.FakeOpenAi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class OperationsIntegrationTests extends WardenIntegrationTest {

    @Test
    void keepsAClientsConnectionOpenForFarMoreThanAHundredRequests() throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            var request = "GET /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 1; i <= 250; i++) {
                socket.getOutputStream().write(request);
                assertThat(in.readLine()).as("status line of request %d", i).startsWith("HTTP/1.1 200");
                for (var line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
                    assertThat(line.toLowerCase(Locale.ROOT)).as("request %d", i).isNotEqualTo("connection: close");
                }
                skipChunkedBody(in);
            }
        }
    }

    /** The health answer is chunked ASCII: chunk sizes, data, and a zero-length chunk to end. */
    private static void skipChunkedBody(BufferedReader in) throws IOException {
        for (int size = Integer.parseInt(in.readLine().trim(), 16); size > 0; size = Integer.parseInt(in.readLine().trim(), 16)) {
            assertThat(in.skip(size)).isEqualTo(size);
            assertThat(in.readLine()).isEmpty();
        }
        assertThat(in.readLine()).isEmpty();
    }

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
