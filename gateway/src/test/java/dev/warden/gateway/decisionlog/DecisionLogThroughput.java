package dev.warden.gateway.decisionlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.warden.gateway.auth.Principal;
import dev.warden.gateway.embedded.DataDirectory;
import dev.warden.gateway.exchange.Attempt;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * Benchmark, not a test: how many decision records per second the log takes from request threads
 * and stores in PostgreSQL (embedded, on this machine), end to end through the spool. Run with
 * {@code src/bench/decision-log.sh}.
 */
public final class DecisionLogThroughput {

    private DecisionLogThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int threads = 8;
        try (var database = new BenchDatabase(properties())) {
            var jdbc = database.jdbc();
            var json = new ObjectMapper().registerModule(new JavaTimeModule());
            var log = new DecisionLog(new PostgresDecisionWriter(jdbc, json, new SimpleMeterRegistry()), properties(), json,
                    new DataDirectory(Files.createTempDirectory("warden-bench-spool")), new SimpleMeterRegistry());
            log.start();

            long start = System.nanoTime();
            try (var requests = Executors.newFixedThreadPool(threads)) {
                for (int t = 0; t < threads; t++) {
                    requests.submit(() -> {
                        for (int i = 0; i < records / threads; i++) {
                            log.append(record());
                        }
                    });
                }
            }
            long appended = System.nanoTime();
            long total = (long) (records / threads) * threads;
            while (jdbc.queryForObject("SELECT count(*) FROM decisions", Long.class) < total) {
                Thread.sleep(250);
            }
            long stored = System.nanoTime();
            log.stop();
            System.out.printf("records: %d from %d threads%n", total, threads);
            System.out.printf("appended (spooled): %.0f records/s%n", total / seconds(appended - start));
            System.out.printf("stored in PostgreSQL, end to end: %.0f records/s%n", total / seconds(stored - start));
        }
    }

    private static DecisionLogProperties properties() {
        return new DecisionLogProperties(DecisionLogProperties.Durability.RELAXED, Duration.ofMillis(100), 2000,
                Duration.ofMillis(100), Duration.ofSeconds(60), null, null);
    }

    private static DecisionRecord record() {
        return new DecisionRecord(UUID.randomUUID(), Instant.now(), new Principal(UUID.randomUUID(), "research", "ada", "laptop"),
                "/v1/chat/completions", false, "gpt-4o-mini", "gpt-4o-mini", "openai", "gpt-4o-mini", 200, "ok", null, null,
                "8e64d8c7194ccf55", false, List.of(new Attempt("openai", "gpt-4o-mini", 200, null, 412.5)), 120, 48, 415.2, 0.8,
                null, null, List.of(), Map.of("project", "apollo"), List.of(), Map.of(), null, null, null, "create");
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
