package dev.warden.gateway.decisionlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.warden.gateway.auth.Principal;
import dev.warden.gateway.exchange.Attempt;
import dev.warden.gateway.exchange.DecisionIds;
import dev.warden.policy.RuleMatch;
import dev.warden.policy.RuleMode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Benchmark, not a test: PostgreSQL's CPU per decision record stored the way the shipper stores
 * them ({@link PostgresDecisionWriter}, batches of 1,000 through {@code COPY}), under the decisions
 * table's indexes as {@link Variant}s of them, alternating: by default the B-trees as migrated
 * (ascending in time, V8) and as V4 made them (descending); the others take indexes away, to tell
 * what each group of them costs. The CPU is the server's whole process tree (backends, WAL writer,
 * checkpointer), a checkpoint at the end included; autovacuum is off for the measured partition so
 * that each round pays for its own rows only. Run with
 * {@code src/bench/decision-indexes.sh [records] [rounds] [variant,...]}.
 */
public final class DecisionIndexCost {

    private static final int BATCH = 1000;
    /** The rule index as V4 made it; no later migration changed it. */
    private static final String RULE_INDEX = """
            DROP INDEX IF EXISTS decisions_by_rule;
            CREATE INDEX decisions_by_rule ON decisions USING gin (matched_rules jsonb_path_ops);
            """;

    /** What each round's indexes are, applied to the table's indexes as migrated. */
    enum Variant {
        ASCENDING(""),
        DESCENDING("""
                DROP INDEX decisions_by_time, decisions_by_team, decisions_by_key, decisions_by_model, decisions_by_outcome;
                CREATE INDEX decisions_by_time ON decisions (created_at DESC, id DESC);
                CREATE INDEX decisions_by_team ON decisions (team, created_at DESC);
                CREATE INDEX decisions_by_key ON decisions (key_id, created_at DESC);
                CREATE INDEX decisions_by_model ON decisions (model_requested, created_at DESC);
                CREATE INDEX decisions_by_outcome ON decisions (outcome, created_at DESC);
                """),
        /** Without the GIN index the console's rule filter uses. */
        NO_RULE_INDEX("DROP INDEX decisions_by_rule"),
        /** Without the four B-trees of the console's team, key, model and outcome filters. */
        NO_FILTER_INDEXES("DROP INDEX decisions_by_team, decisions_by_key, decisions_by_model, decisions_by_outcome"),
        /** The primary key alone: the floor any index design stands on. */
        PRIMARY_KEY_ONLY("DROP INDEX decisions_by_time, decisions_by_team, decisions_by_key, decisions_by_model, "
                + "decisions_by_outcome, decisions_by_rule");

        private final String change;

        Variant(String change) {
            this.change = change;
        }

        static Variant named(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
    /** Linux counts process CPU time in /proc in USER_HZ ticks, 100 a second on every common architecture. */
    private static final long TICKS_PER_SECOND = 100;
    private static final UUID[] KEYS = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
    private static final String[] TEAMS = {"bench", "research", "support"};

    private DecisionIndexCost() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        var variants = Arrays.stream((args.length > 2 ? args[2] : "descending,ascending").split(",")).map(Variant::named).toList();
        // V8 drops and makes the time-ordered B-trees; after a round that dropped some, only the making is needed
        var migrated = new ClassPathResource("db/migration/V8__decision_indexes_ascending.sql").getContentAsString(StandardCharsets.UTF_8)
                .replace("DROP INDEX ", "DROP INDEX IF EXISTS ") + RULE_INDEX;
        try (var database = new BenchDatabase(properties())) {
            var jdbc = database.jdbc();
            // Every record of a round in today's partition: a million records span 140 s.
            var today = LocalDate.now(ZoneOffset.UTC);
            var start = today.atTime(0, 1).toInstant(ZoneOffset.UTC);
            var partition = "decisions_" + today.format(DateTimeFormatter.BASIC_ISO_DATE);
            jdbc.execute("ALTER TABLE " + partition + " SET (autovacuum_enabled = false)");
            var postmaster = postmaster(jdbc);
            var json = new ObjectMapper().registerModule(new JavaTimeModule());
            var writer = new PostgresDecisionWriter(jdbc, json, new SimpleMeterRegistry());
            System.out.printf("%,d records a round in batches of %,d, %d rounds%n", records, BATCH, rounds);
            for (int round = 1; round <= rounds; round++) {
                for (var variant : variants) {
                    jdbc.execute("TRUNCATE decisions");
                    jdbc.execute(migrated);
                    if (!variant.change.isEmpty()) {
                        jdbc.execute(variant.change);
                    }
                    jdbc.execute("CHECKPOINT");
                    long before = ticks(postmaster);
                    var walBefore = jdbc.queryForObject("SELECT pg_current_wal_lsn()::text", String.class);
                    for (int first = 0; first < records; first += BATCH) {
                        writer.write(batch(start, first, Math.min(BATCH, records - first), json));
                    }
                    var wal = jdbc.queryForObject("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn)::bigint", Long.class, walBefore);
                    jdbc.execute("CHECKPOINT");
                    long used = ticks(postmaster) - before;
                    long indexBytes = jdbc.queryForObject("SELECT sum(pg_relation_size(indexrelid)) FROM pg_index WHERE indrelid = ?::regclass",
                            Long.class, partition);
                    System.out.printf("round %d, %-17s: %5.1f us of PostgreSQL CPU per record, %,d bytes of WAL per record, indexes %,d MB%n",
                            round, variant.label(), used * 1e6 / TICKS_PER_SECOND / records, wal / records, indexBytes >> 20);
                }
            }
        }
    }

    private static SpooledDecisions batch(Instant start, int first, int size, ObjectMapper json) {
        var payloads = new ArrayList<byte[]>(size);
        for (int i = first; i < first + size; i++) {
            payloads.add(SpoolFormat.write(record(start.plusNanos(i * 140_000L), i)));
        }
        return new SpooledDecisions(payloads, json, e -> {
            throw new UncheckedIOException(e);
        });
    }

    /** A governed chat request as the bench's policy records it: a few teams and keys, two rules matched. */
    private static DecisionRecord record(Instant at, int i) {
        var principal = new Principal(KEYS[i % KEYS.length], TEAMS[i % TEAMS.length], "ada", "bench");
        return new DecisionRecord(DecisionIds.next(at.toEpochMilli()), at, principal, "/v1/chat/completions", false, "gpt-4o-mini",
                "gpt-4o-mini", "mock", "gpt-4o-mini", 200, "ok", null, null, "8e64d8c7194ccf55", false,
                List.of(new Attempt("mock", "gpt-4o-mini", 200, null, 0.41)), 12, 9, 0.52, 0.06, null, null,
                List.of(new RuleMatch("bench-allow-team", "allow", RuleMode.ENFORCE, true),
                        new RuleMatch("bench-audit", "audit", RuleMode.ENFORCE, true)),
                Map.of("project", "bench"), List.of(), Map.of(), new BigDecimal("0.0000072"), null, null, null);
    }

    private static DecisionLogProperties properties() {
        return new DecisionLogProperties(DecisionLogProperties.Durability.RELAXED, Duration.ofMillis(100), BATCH,
                Duration.ofMillis(100), Duration.ofSeconds(60), null, null);
    }

    private static long postmaster(JdbcTemplate jdbc) throws IOException {
        var dataDirectory = jdbc.queryForObject("SHOW data_directory", String.class);
        return Long.parseLong(Files.readAllLines(Path.of(dataDirectory, "postmaster.pid")).getFirst().trim());
    }

    /** CPU ticks of the server: the postmaster with its reaped children, and every live child. */
    private static long ticks(long postmaster) {
        long total = stat(postmaster, true);
        for (var child : ProcessHandle.of(postmaster).orElseThrow().descendants().toList()) {
            total += stat(child.pid(), false);
        }
        return total;
    }

    private static long stat(long pid, boolean withReapedChildren) {
        try {
            var stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields from the state on: utime, stime, cutime, cstime are the 12th to 15th
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return withReapedChildren ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
        } catch (IOException e) {
            return 0; // a child that exited meanwhile: its time is in the postmaster's reaped children
        }
    }
}
