package dev.warden.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.decisionlog.GatewayProcess;
import dev.warden.gateway.fake.FakeOpenAi;
import dev.warden.gateway.fake.OneRouteBundle;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A gateway stopped with SIGTERM while a request waits on its upstream for longer than the stop's
 * drain: the request is cut off, and still has its one decision record, saying so. Run on
 * whichever front the environment names (CI's second pass: the servlet container's).
 */
class CutOffAtStopIntegrationTests {

    @Test
    void aRequestStillInProgressWhenTheDrainEndsIsRecordedAsCutOffOnce() throws Exception {
        try (var upstream = FakeOpenAi.start(); var postgres = EmbeddedPostgres.builder().start();
             var client = HttpClient.newHttpClient()) {
            var databaseUrl = postgres.getJdbcUrl("postgres", "postgres");
            var dataDir = Files.createTempDirectory("warden-cut-off");
            var policies = OneRouteBundle.write(dataDir.resolve("policies"), upstream.baseUrl(), FakeOpenAi.GATED, "");
            // A drain far shorter than the gated upstream's own 10 s wait, after which it would answer.
            var gateway = GatewayProcess.start(dataDir, policies, databaseUrl,
                    Map.of("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE", "2s"), List.of());
            try {
                var created = gateway.send(gateway.request("/admin/api/keys").header("Authorization", "Bearer " + GatewayProcess.ADMIN_TOKEN)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"t\",\"name\":\"k\"}")));
                var key = new ObjectMapper().readTree(created.body()).path("key").asText();
                var held = client.sendAsync(HttpRequest.newBuilder(URI.create(gateway.url("/v1/chat/completions")))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"" + FakeOpenAi.GATED + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                await().atMost(Duration.ofSeconds(10)).until(() -> !upstream.requestsFor(FakeOpenAi.GATED).isEmpty());

                assertThat(gateway.terminate()).isIn(0, 143);

                assertThat(held).as("the client got no answer").failsWithin(Duration.ofSeconds(10));
                var records = records(databaseUrl);
                assertThat(records).as("one record, written as the stop cut it off").containsExactly(
                        "cut_off 503 gateway_stopped " + FakeOpenAi.GATED + " the gateway stopped before this request was answered");
                assertThat(Files.readString(dataDir.resolve("gateway.log")))
                        .contains("1 requests still in progress as the gateway stopped are recorded as cut off");
            } finally {
                upstream.releaseGate();
            }
        }
    }

    private static List<String> records(String databaseUrl) throws Exception {
        try (var connection = DriverManager.getConnection(databaseUrl);
             var rows = connection.createStatement().executeQuery(
                     "SELECT outcome, status, error_type, model_requested, reason FROM decisions ORDER BY created_at")) {
            var records = new ArrayList<String>();
            while (rows.next()) {
                records.add(rows.getString(1) + " " + rows.getInt(2) + " " + rows.getString(3) + " " + rows.getString(4) + " "
                        + rows.getString(5));
            }
            return records;
        }
    }
}
