package dev.warden.gateway.decisionlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.WardenApplication;
import dev.warden.gateway.fake.FakeOpenAi;
import dev.warden.gateway.fake.OneRouteBundle;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Benchmark, not a test: request latency through the gateway with PostgreSQL answering normally,
 * then with every insert into the decision log slowed by 250 ms. Requests should not notice:
 * they never wait on the database. Run with {@code src/bench/slow-database.sh}.
 */
public final class SlowDatabaseLatency {

    private static final int REQUESTS = 2000;

    private SlowDatabaseLatency() {
    }

    public static void main(String[] args) throws Exception {
        var http = HttpClient.newHttpClient();
        try (var postgres = EmbeddedPostgres.builder().start(); var upstream = FakeOpenAi.start()) {
            var policies = OneRouteBundle.write(Files.createTempDirectory("warden-bench-policies"), upstream.baseUrl(), "bench", "");
            var url = postgres.getJdbcUrl("postgres", "postgres");
            try (var gateway = new SpringApplicationBuilder(WardenApplication.class).run("--server.port=0",
                    "--spring.datasource.url=" + url, "--warden.policy.dir=" + policies, "--warden.admin.token=bench",
                    "--warden.data.dir=" + Files.createTempDirectory("warden-bench-data"), "--logging.level.root=warn")) {
                var base = "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
                var created = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/api/keys")).header("Authorization", "Bearer bench")
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"b\",\"name\":\"b\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                var key = new ObjectMapper().readTree(created.body()).path("key").asText();
                measure(http, base, key);
                report("database answering normally", measure(http, base, key));
                new JdbcTemplate(gateway.getBean(DataSource.class)).execute("""
                        CREATE OR REPLACE FUNCTION warden_bench_slow() RETURNS trigger AS $$
                        BEGIN PERFORM pg_sleep(0.25); RETURN NULL; END $$ LANGUAGE plpgsql;
                        CREATE TRIGGER warden_bench_slow AFTER INSERT ON decisions FOR EACH STATEMENT EXECUTE FUNCTION warden_bench_slow();
                        """);
                report("every decision insert slowed by 250 ms", measure(http, base, key));
            }
        }
    }

    private static double[] measure(HttpClient http, String base, String key) throws Exception {
        var body = "{\"model\":\"bench\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        var millis = new double[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            long start = System.nanoTime();
            var response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions")).header("Authorization", "Bearer " + key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("status " + response.statusCode());
            }
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static void report(String condition, double[] sorted) {
        System.out.printf("%s: p50 %.2f ms, p99 %.2f ms over %d sequential requests%n", condition,
                sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.99)], sorted.length);
    }
}
