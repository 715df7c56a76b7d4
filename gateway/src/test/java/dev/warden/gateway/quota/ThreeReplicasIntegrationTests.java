package dev.warden.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.WardenApplication;
import dev.warden.gateway.fake.FakeOpenAi;
import dev.warden.gateway.fake.OneRouteBundle;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Three gateways on one PostgreSQL, as three replicas would run: 300 concurrent requests against
 * a budget that admits 100. Exactly 100 are admitted, whichever replica each request reaches. A
 * bundle applied on one replica reaches the others.
 */
class ThreeReplicasIntegrationTests {

    private static final String SCHEMA = "warden_it_replicas";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    private static EmbeddedPostgres postgres;
    private static FakeOpenAi upstream;
    private static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

    @BeforeAll
    static void startThreeReplicas() throws IOException {
        upstream = FakeOpenAi.start();
        var external = System.getenv("WARDEN_TEST_DATABASE_URL");
        if (external == null || external.isBlank()) {
            postgres = EmbeddedPostgres.builder().start();
        }
        var url = postgres != null ? postgres.getJdbcUrl("postgres", "postgres") : external;
        Flyway.configure().dataSource(url, null, null).schemas(SCHEMA).cleanDisabled(false).load().clean();
        var policies = Files.createTempDirectory("warden-replicas-policies");
        OneRouteBundle.write(policies, upstream.baseUrl(), FakeOpenAi.MODEL, """
                ---
                apiVersion: warden/v1
                kind: Limit
                metadata: {name: burst-budget}
                spec: {scope: team, window: month, requests: 100}
                """);
        for (int i = 0; i < 3; i++) {
            replicas.add(new SpringApplicationBuilder(WardenApplication.class).run(
                    "--server.port=0", "--spring.datasource.url=" + url, "--spring.datasource.hikari.schema=" + SCHEMA,
                    "--spring.flyway.schemas=" + SCHEMA, "--warden.policy.dir=" + policies, "--warden.policy.watch=false",
                    "--warden.data.dir=" + Files.createTempDirectory("warden-replica-" + i), "--warden.keys.secret=shared-replica-secret",
                    "--warden.admin.token=replica-admin", "--logging.level.root=warn"));
        }
    }

    @AfterAll
    static void stop() throws IOException {
        replicas.forEach(ConfigurableApplicationContext::close);
        upstream.close();
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void admitExactlyTheBudgetBetweenThem() throws Exception {
        var key = createKey();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            for (var replica : replicas) {
                if (models(replica, key) != 200) {
                    return false;
                }
            }
            return true;
        });
        var calls = new ArrayList<Callable<Integer>>();
        for (int i = 0; i < 300; i++) {
            var replica = replicas.get(i % 3);
            calls.add(() -> chat(replica, key));
        }

        var statuses = new ArrayList<Integer>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var future : pool.invokeAll(calls)) {
                statuses.add(future.get());
            }
        }

        assertThat(statuses.stream().filter(status -> status == 200).count()).isEqualTo(100);
        assertThat(statuses.stream().filter(status -> status == 429).count()).isEqualTo(200);
    }

    @Test
    void carryABundleAppliedOnOneReplicaToTheOthers() throws Exception {
        var key = createKey("blocked");
        var files = (ObjectNode) JSON.readTree(HTTP.send(HttpRequest.newBuilder(
                URI.create(base(replicas.getFirst()) + "/admin/api/policies")).header("Authorization", "Bearer replica-admin").build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("files");
        files.put("block.yaml", "apiVersion: warden/v1\nkind: Rule\nmetadata: {name: block}\n"
                + "spec: {when: 'principal.team == \"blocked\"', action: deny}\n");

        var applied = HTTP.send(HttpRequest.newBuilder(URI.create(base(replicas.getFirst()) + "/admin/api/policies"))
                .header("Authorization", "Bearer replica-admin").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"files\":" + files + "}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(applied.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> chat(replicas.get(2), key) == 403 && chat(replicas.get(1), key) == 403);
    }

    private static String createKey() throws Exception {
        return createKey("burst");
    }

    private static String createKey(String team) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(base(replicas.getFirst()) + "/admin/api/keys"))
                .header("Authorization", "Bearer replica-admin").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"" + team + "\",\"name\":\"load\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("key").asText();
    }

    private static int models(ConfigurableApplicationContext replica, String key) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base(replica) + "/v1/models")).header("Authorization", "Bearer " + key)
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int chat(ConfigurableApplicationContext replica, String key) throws Exception {
        var body = "{\"model\":\"" + FakeOpenAi.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(base(replica) + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String base(ConfigurableApplicationContext replica) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) replica).getWebServer().getPort();
    }
}
