package dev.warden.gateway.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.fake.FakeOpenAi;
import dev.warden.gateway.fake.OneRouteBundle;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero loss, shown with the real jar as a process: a SIGTERM under load, and a {@code kill -9}
 * under load in strict durability. After the gateway is back, every request that received a
 * response has exactly one decision record.
 */
class DecisionLogDurabilityIntegrationTests {

    private static EmbeddedPostgres postgres;
    private static FakeOpenAi upstream;
    private static Path policies;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        upstream = FakeOpenAi.start();
        policies = Files.createTempDirectory("warden-durability-policies");
        OneRouteBundle.write(policies, upstream.baseUrl(), FakeOpenAi.MODEL, "");
    }

    @AfterAll
    static void stop() throws IOException {
        upstream.close();
        postgres.close();
    }

    @Test
    void aSigtermUnderLoadLosesNoRecord() throws Exception {
        var gateway = GatewayProcess.start(dataDir, policies, databaseUrl(), Map.of());
        var key = createKey(gateway);

        var answered = loadWhile(gateway, key, () -> {
            try {
                Thread.sleep(1500);
                gateway.terminate();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        var restarted = GatewayProcess.start(dataDir, policies, databaseUrl(), Map.of());
        try {
            assertEveryRecordArrives(answered);
        } finally {
            restarted.terminate();
        }
    }

    @Test
    void aKillUnderLoadInStrictDurabilityLosesNoAnsweredRecord() throws Exception {
        var strict = Map.of("WARDEN_DECISION_LOG_DURABILITY", "strict");
        var gateway = GatewayProcess.start(dataDir, policies, databaseUrl(), strict);
        var key = createKey(gateway);

        var answered = loadWhile(gateway, key, () -> {
            try {
                Thread.sleep(1500);
                gateway.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        var restarted = GatewayProcess.start(dataDir, policies, databaseUrl(), strict);
        try {
            assertEveryRecordArrives(answered);
        } finally {
            restarted.terminate();
        }
    }

    /** Sends requests from 8 clients until {@code stopper} has stopped the gateway; returns the decision ids answered. */
    private static Set<UUID> loadWhile(GatewayProcess gateway, String key, Runnable stopper) throws Exception {
        var answered = ConcurrentHashMap.<UUID>newKeySet();
        var stopped = new AtomicBoolean();
        var body = "{\"model\":\"" + FakeOpenAi.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<?>>();
            for (int i = 0; i < 8; i++) {
                futures.add(clients.submit(() -> {
                    while (!stopped.get()) {
                        try {
                            var response = gateway.send(gateway.request("/v1/chat/completions").header("Authorization", "Bearer " + key)
                                    .POST(HttpRequest.BodyPublishers.ofString(body)));
                            if (response.statusCode() == 200) {
                                response.headers().firstValue("x-warden-decision-id").map(UUID::fromString).ifPresent(answered::add);
                            }
                        } catch (IOException e) {
                            return null;
                        }
                    }
                    return null;
                }));
            }
            stopper.run();
            stopped.set(true);
        }
        assertThat(answered).hasSizeGreaterThan(20);
        return answered;
    }

    private static void assertEveryRecordArrives(Set<UUID> answered) {
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(answered) == answered.size());
    }

    private static long stored(Set<UUID> ids) throws Exception {
        try (var connection = DriverManager.getConnection(databaseUrl());
             var statement = connection.prepareStatement("SELECT count(*) FROM decisions WHERE id = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static String createKey(GatewayProcess gateway) throws Exception {
        var response = gateway.send(gateway.request("/admin/api/keys").header("Authorization", "Bearer " + GatewayProcess.ADMIN_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"load\",\"name\":\"k\"}")));
        return new ObjectMapper().readTree(response.body()).path("key").asText();
    }

    private static String databaseUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }
}
