package dev.warden.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.decisionlog.GatewayProcess;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The built jar, started as a user would with nothing configured: no policy directory (so the
 * bundled default policies apply), the embedded database, and every HTTP connection the JVM might
 * open sent to a closed port, so that a model or library download would fail the test.
 */
class FreshJarEmbeddingsIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void answersLocalEmbeddingsWithNoConfigurationAndNoNetwork() throws Exception {
        var dataDir = Files.createTempDirectory("warden-fresh-jar");
        int closed;
        try (var socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        var noNetwork = List.of("-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=" + closed,
                "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=" + closed, "-Dhttp.nonProxyHosts=");
        var gateway = GatewayProcess.start(dataDir, dataDir.resolve("no-policies-here"), null, Map.of(), noNetwork);
        try {
            var created = gateway.send(gateway.request("/admin/api/keys").header("Authorization", "Bearer " + GatewayProcess.ADMIN_TOKEN)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"fresh\",\"name\":\"k\"}")));
            var key = JSON.readTree(created.body()).path("key").asText();

            var response = gateway.send(gateway.request("/v1/embeddings").header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"local/all-minilm-l6-v2\",\"input\":[\"hello\",\"world\"]}")));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            var data = JSON.readTree(response.body()).path("data");
            assertThat(data).hasSize(2);
            assertThat(data.path(1).path("embedding")).hasSize(384);
        } finally {
            gateway.terminate();
        }
    }
}
