package dev.warden.gateway.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.WardenApplication;
import dev.warden.gateway.fake.FakeOpenAi;
import dev.warden.gateway.fake.FreezingRelay;
import dev.warden.gateway.fake.OneRouteBundle;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;

/**
 * The database's connections stop answering without being closed (a failover behind a moved
 * address, a network that drops packets), while new connections reach it: the background work that
 * was waiting on the old ones gives up after the pool's read bound and carries on over new ones.
 * Without the bound the decision-log shipper and the scheduler that picks up keys revoked elsewhere
 * wait for good: records stay in the spool and a revoked key keeps working.
 */
class SilentDatabaseIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void backgroundWorkLeavesConnectionsThatStoppedAnsweringAndCarriesOn() throws Exception {
        var policies = Files.createDirectories(work.resolve("policies"));
        try (var postgres = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).start();
             var relay = new FreezingRelay("127.0.0.1", postgres.getPort());
             var upstream = FakeOpenAi.start()) {
            OneRouteBundle.write(policies, upstream.baseUrl(), FakeOpenAi.MODEL, "");
            try (var gateway = new SpringApplicationBuilder(WardenApplication.class).run("--server.port=0",
                    "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + relay.port() + "/postgres?user=postgres",
                    "--spring.datasource.hikari.data-source-properties.socketTimeout=3",
                    // Each frozen connection in the pool costs whatever meets it a read bound or a validation timeout
                    // (1-3 s) before it is dropped: four keep that well inside the minute below.
                    "--spring.datasource.hikari.maximum-pool-size=4", "--warden.policy.dir=" + policies,
                    "--warden.data.dir=" + work.resolve("data"), "--warden.admin.token=silent-admin",
                    "--warden.decision-log.retry-delay=200ms", "--logging.level.root=error")) {
                var base = "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
                var kept = createKey(base);
                var revoked = createKey(base);
                assertThat(chat(base, revoked.path("key").asText()).statusCode()).isEqualTo(200);

                relay.freezeOpenConnections();
                var answered = new HashSet<UUID>();
                for (int i = 0; i < 20; i++) {
                    var response = chat(base, kept.path("key").asText());
                    assertThat(response.statusCode()).isEqualTo(200);
                    answered.add(UUID.fromString(response.headers().firstValue("x-warden-decision-id").orElseThrow()));
                }
                // Revoked by another replica: this one learns of it only from the database.
                try (var direct = postgres.getPostgresDatabase().getConnection();
                     var revoke = direct.prepareStatement("UPDATE api_keys SET revoked_at = now(), change_seq = nextval('api_key_changes') WHERE id = ?")) {
                    revoke.setObject(1, UUID.fromString(revoked.path("id").asText()));
                    assertThat(revoke.executeUpdate()).isEqualTo(1);
                }

                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    try (var direct = postgres.getPostgresDatabase().getConnection()) {
                        assertThat(stored(direct, answered)).as("records shipped").isEqualTo(answered.size());
                    }
                    assertThat(chat(base, revoked.path("key").asText()).statusCode()).as("the revoked key").isEqualTo(401);
                });
            }
        }
    }

    private static JsonNode createKey(String base) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/admin/api/keys")).header("Authorization", "Bearer silent-admin")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"t\",\"name\":\"n\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> chat(String base, String key) throws Exception {
        var body = "{\"model\":\"" + FakeOpenAi.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions")).header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long stored(Connection connection, Set<UUID> ids) throws Exception {
        try (var statement = connection.prepareStatement("SELECT count(*) FROM decisions WHERE id = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
