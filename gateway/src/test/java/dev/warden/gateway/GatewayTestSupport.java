package dev.warden.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.auth.ApiKeyCache;
import dev.warden.gateway.auth.ApiKeyStore;
import dev.warden.gateway.embedded.DataDirectory;
import dev.warden.gateway.fake.FakeOpenAi;
import dev.warden.gateway.front.NettyFront;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The whole gateway on a random port, against real PostgreSQL (embedded, or the one named by
 * {@code WARDEN_TEST_DATABASE_URL}) and a fake OpenAI upstream on a local port, with helpers to
 * call it. A subclass names the policy directory with {@link #register}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
@Import(GatewayTestSupport.CleanDatabase.class)
public abstract class GatewayTestSupport {

    protected static final FakeOpenAi FAKE = FakeOpenAi.start();
    protected static final String UPSTREAM_KEY = "sk-upstream-" + UUID.randomUUID();
    protected static final Path DATA_DIR = temporaryDirectory("warden-it-data");
    protected static final Path POLICY_DIR = TestPolicies.write(temporaryDirectory("warden-it-policies"), FAKE.baseUrl(), closedPort());
    protected static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Ends the data directory and schema of a test variant's application (see {@link #register}). */
    private static final String VARIANT = "${warden.test.variant:}";

    @LocalServerPort
    protected int port;

    @Autowired(required = false)
    private NettyFront front;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    private ApiKeyStore keyStore;

    @Autowired
    private DataDirectory data;

    @Autowired
    private ApiKeyCache keyCache;

    /**
     * Configures the gateway under test. Each application needs its own data directory (its own
     * embedded database) and, on a shared database, its own schema.
     */
    protected static void register(DynamicPropertyRegistry registry, Path policyDir, Path dataDir, String schema) {
        // A variant of a test class (the same tests under one more property, Tomcat alone on the port,
        // say) runs in an application of its own, which needs its own data directory and schema
        // while the first application is still cached: it names its variant, which ends both.
        registry.add("warden.data.dir", () -> dataDir + VARIANT);
        registry.add("warden.policy.dir", policyDir::toString);
        registry.add("warden.gateway.max-body-size", () -> "1MB");
        registry.add("FAKE_UPSTREAM_KEY", () -> UPSTREAM_KEY);
        registry.add("spring.flyway.clean-disabled", () -> "false");
        var external = System.getenv("WARDEN_TEST_DATABASE_URL");
        if (external != null && !external.isBlank()) {
            registry.add("spring.datasource.url", () -> external);
            registry.add("spring.datasource.hikari.schema", () -> schema + VARIANT);
            registry.add("spring.flyway.schemas", () -> schema + VARIANT);
        }
    }

    /**
     * Tests start from an empty schema, also on a shared database. Imported rather than annotated,
     * so that an application started by a test (the CLI's) does not pick it up by scanning.
     */
    static class CleanDatabase {
        @Bean
        FlywayMigrationStrategy cleanThenMigrate() {
            return flyway -> {
                flyway.clean();
                flyway.migrate();
            };
        }
    }

    /** The public port: the event-loop front's when it is on, else the servlet container's. */
    protected int publicPort() {
        return front != null ? front.port() : port;
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + publicPort() + path;
    }

    /** Issues a fresh key for a team, usable at once. */
    protected String newKey(String team) {
        var issued = keyStore.create(team, "test key", null);
        keyCache.admit(issued);
        return issued.key();
    }

    protected String adminToken() {
        try {
            return Files.readString(data.resolve("admin-token")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected HttpResponse<String> post(String path, String key, String body) {
        var request = HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    protected HttpResponse<String> get(String path, String bearer) {
        var request = HttpRequest.newBuilder(URI.create(url(path)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request.GET().build());
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static HttpClient http() {
        return HTTP;
    }

    protected static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    }

    /** A copy of a policy directory, for a test application that changes or adds to it. */
    protected static Path copyOf(Path directory, String prefix) {
        try {
            var copy = Files.createTempDirectory(prefix);
            try (var files = Files.list(directory)) {
                for (var file : files.toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static Path temporaryDirectory(String prefix) {
        try {
            var directory = Files.createTempDirectory(prefix);
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int closedPort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
