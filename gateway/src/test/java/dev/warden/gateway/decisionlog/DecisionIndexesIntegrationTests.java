package dev.warden.gateway.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.WardenIntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The decisions table's indexes: they take new rows at their right edge, and each of the console's
 * newest-first listings reads one of them instead of a whole partition.
 */
class DecisionIndexesIntegrationTests extends WardenIntegrationTest {

    private static final String TEAM = "indexes-common";
    private static final String RARE_TEAM = "indexes-rare";
    private static final UUID RARE_KEY = UUID.randomUUID();

    @AfterEach
    void removeRows() {
        jdbc.update("DELETE FROM decisions WHERE team IN (?, ?)", TEAM, RARE_TEAM);
    }

    @Test
    void everyBTreeIndexAscendsInTime() {
        var definitions = jdbc.queryForList("""
                SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                JOIN pg_am am ON am.oid = c.relam WHERE i.indrelid = 'decisions'::regclass AND am.amname = 'btree'""", String.class);

        assertThat(definitions).hasSize(6).allSatisfy(definition -> assertThat(definition).doesNotContain(" DESC"));
    }

    @Test
    void newestFirstListingsReadAnIndexInsteadOfSortingThePartition() {
        // Tomorrow's partition exists (a week is made ahead) and holds only these rows.
        var day = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        var partition = "decisions_" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
        var noon = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
        insertRows(noon, 4000);
        // VACUUM merges the rule index's pending list of new entries, which a search reads whole:
        // over 4,000 fresh rows the planner rightly finds a scan cheaper. A partition that has
        // grown large outweighs the list, which PostgreSQL bounds (gin_pending_list_limit).
        jdbc.execute("VACUUM ANALYZE " + partition);
        var last = jdbc.queryForObject("SELECT id FROM " + partition + " ORDER BY created_at, id LIMIT 1 OFFSET 2000", UUID.class);
        var lastAt = jdbc.queryForObject("SELECT created_at FROM decisions WHERE id = ?", Timestamp.class, last).toInstant();

        var filters = List.of(
                filter(null, null, null, null, null),
                filter(TEAM, null, null, null, null),
                filter(RARE_TEAM, null, null, null, null),
                filter(null, RARE_KEY, null, null, null),
                filter(null, null, "rare-model", null, null),
                filter(null, null, null, "denied", null),
                new DecisionFilter(null, null, null, null, null, null, "rare-rule", null, null, null),
                filter(TEAM, null, null, null, new DecisionFilter.Cursor(lastAt, last)),
                new DecisionFilter(noon.minus(1, ChronoUnit.HOURS), noon, null, null, null, null, null, null, null, null));
        for (var filter : filters) {
            var plan = explain(filter);
            // Through an index PostgreSQL reads the newest rows until the limit (an unselective
            // filter), or only the rows that match (a selective one); a sequential scan would read
            // the whole partition to sort it.
            assertThat(plan).as("plan for %s", filter)
                    .containsPattern("(Index Scan (Backward )?using|Bitmap Index Scan on) " + partition + "_")
                    .doesNotContain("Seq Scan on " + partition + " ");
        }
    }

    private static DecisionFilter filter(String team, UUID key, String model, String outcome, DecisionFilter.Cursor after) {
        return new DecisionFilter(null, null, team, key, model, outcome, null, null, null, after);
    }

    private String explain(DecisionFilter filter) {
        var sql = filter.sql();
        var parameters = new ArrayList<>(sql.parameters());
        parameters.add(50);
        return String.join("\n", jdbc.queryForList("EXPLAIN " + DecisionQueries.listing(sql), String.class, parameters.toArray()));
    }

    /**
     * Rows a millisecond apart before {@code end}: one in fifty of a rare team, key, model and
     * outcome, one in a thousand with a rare matched rule (at one in fifty every page of the
     * partition holds one, and PostgreSQL rightly reads them all rather than the rule index).
     */
    private void insertRows(Instant end, int count) {
        jdbc.update("""
                INSERT INTO decisions (id, created_at, key_id, team, endpoint, model_requested, status, outcome, latency_ms, overhead_ms,
                    matched_rules)
                SELECT gen_random_uuid(), ?::timestamptz - n * interval '1 millisecond',
                    CASE WHEN n % 50 = 1 THEN ?::uuid ELSE gen_random_uuid() END,
                    CASE WHEN n % 50 = 2 THEN ? ELSE ? END, '/v1/chat/completions',
                    CASE WHEN n % 50 = 3 THEN 'rare-model' ELSE 'common-model' END, 200,
                    CASE WHEN n % 50 = 4 THEN 'denied' ELSE 'ok' END, 1, 0.1,
                    jsonb_build_array(jsonb_build_object('rule', CASE WHEN n % 1000 = 5 THEN 'rare-rule' ELSE 'common-rule' END,
                        'action', 'audit', 'mode', 'enforce', 'matched', true))
                FROM generate_series(1, ?) AS n""", Timestamp.from(end), RARE_KEY, RARE_TEAM, TEAM, count);
    }
}
