package dev.warden.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.decisionlog.GatewayProcess;
import dev.warden.gateway.fake.FakeOpenAi;
import dev.warden.gateway.fake.OneRouteBundle;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A gateway on its embedded PostgreSQL, stopped with SIGTERM: the unused part of its budget leases
 * must be handed back before the database stops, or those units stay unusable until the window
 * ends.
 */
class GracefulStopIntegrationTests {

    @Test
    void settlesItsLeasesBeforeTheEmbeddedDatabaseStops() throws Exception {
        try (var upstream = FakeOpenAi.start()) {
            var dataDir = Files.createTempDirectory("warden-graceful-stop");
            var policies = OneRouteBundle.write(dataDir.resolve("policies"), upstream.baseUrl(), FakeOpenAi.MODEL, """
                    ---
                    apiVersion: warden/v1
                    kind: Limit
                    metadata: {name: monthly-requests}
                    spec: {scope: team, window: month, requests: 100000}
                    """);
            var gateway = GatewayProcess.start(dataDir, policies, null, Map.of(), List.of());
            var created = gateway.send(gateway.request("/admin/api/keys").header("Authorization", "Bearer " + GatewayProcess.ADMIN_TOKEN)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"t\",\"name\":\"k\"}")));
            var key = new ObjectMapper().readTree(created.body()).path("key").asText();
            var answered = gateway.send(gateway.request("/v1/chat/completions").header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"" + FakeOpenAi.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
            assertThat(answered.statusCode()).isEqualTo(200);

            assertThat(gateway.terminate()).isIn(0, 143);

            var log = Files.readString(dataDir.resolve("gateway.log"));
            assertThat(log).doesNotContain("limit counters failed").doesNotContain("terminating connection due to administrator command");
        }
    }
}
