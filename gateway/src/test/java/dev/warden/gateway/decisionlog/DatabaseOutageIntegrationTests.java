package dev.warden.gateway.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.WardenApplication;
import dev.warden.gateway.fake.FakeOpenAi;
import dev.warden.gateway.fake.OneRouteBundle;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;

/**
 * PostgreSQL stopped for a minute under load, then started again: the gateway keeps serving from memory, its
 * readiness says DEGRADED rather than DOWN, and every decision of the outage arrives afterwards.
 */
class DatabaseOutageIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** How long PostgreSQL stays down while requests keep coming. */
    private static final Duration OUTAGE = Duration.ofMinutes(1);

    @TempDir
    Path work;

    @Test
    void servesThroughAnOutageAndShipsEveryRecordAfterIt() throws Exception {
        int pgPort = freePort();
        var pgData = Files.createDirectories(work.resolve("pg"));
        var postgres = startPostgres(pgData, pgPort);
        var policies = Files.createDirectories(work.resolve("policies"));
        try (var upstream = FakeOpenAi.start()) {
            OneRouteBundle.write(policies, upstream.baseUrl(), FakeOpenAi.MODEL, "");
            var url = postgres.getJdbcUrl("postgres", "postgres");
            try (var gateway = new SpringApplicationBuilder(WardenApplication.class).run("--server.port=0",
                    "--spring.datasource.url=" + url, "--spring.datasource.hikari.connection-timeout=1000",
                    "--spring.datasource.hikari.initialization-fail-timeout=-1", "--warden.policy.dir=" + policies,
                    "--warden.data.dir=" + work.resolve("data"), "--warden.admin.token=outage-admin",
                    "--warden.decision-log.retry-delay=200ms", "--logging.level.root=error")) {
                var base = "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
                var key = createKey(base);

                postgres.close();
                var answered = ConcurrentHashMap.<UUID>newKeySet();
                var failures = new AtomicInteger();
                long until = System.nanoTime() + OUTAGE.toNanos();
                try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int c = 0; c < 4; c++) {
                        clients.submit(() -> {
                            while (System.nanoTime() < until) {
                                var response = chat(base, key);
                                if (response.statusCode() != 200) {
                                    failures.incrementAndGet();
                                }
                                answered.add(UUID.fromString(response.headers().firstValue("x-warden-decision-id").orElseThrow()));
                                LockSupport.parkNanos(20_000_000);
                            }
                            return null;
                        });
                    }
                }
                assertThat(failures.get()).isZero();
                assertThat(answered).hasSizeGreaterThan(100);
                var readiness = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.ofString());
                await().atMost(Duration.ofSeconds(10)).until(() -> HTTP.send(HttpRequest.newBuilder(
                        URI.create(base + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString()).body().contains("DEGRADED"));
                postgres = startPostgres(pgData, pgPort);

                var restored = postgres;
                await().atMost(Duration.ofSeconds(60)).until(() -> stored(restored, answered) == answered.size());
                var meters = gateway.getBean(MeterRegistry.class);
                assertThat(readiness.statusCode()).isEqualTo(200);
                assertThat(meters.find("warden.decisions.dropped").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
            }
        } finally {
            postgres.close();
        }
    }

    private static EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static String createKey(String base) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/admin/api/keys")).header("Authorization", "Bearer outage-admin")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"t\",\"name\":\"n\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body()).path("key").asText();
    }

    private static HttpResponse<String> chat(String base, String key) throws Exception {
        var body = "{\"model\":\"" + FakeOpenAi.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions")).header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long stored(EmbeddedPostgres postgres, Set<UUID> ids) throws Exception {
        try (var connection = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
             var statement = connection.prepareStatement("SELECT count(*) FROM decisions WHERE id = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
