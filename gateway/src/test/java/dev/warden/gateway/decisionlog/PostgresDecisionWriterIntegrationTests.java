package dev.warden.gateway.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.auth.Principal;
import dev.warden.gateway.fake.FakeOpenAi;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The shipper's writer stores spooled JSON as it is; every field must come back as the request path recorded it. */
class PostgresDecisionWriterIntegrationTests extends WardenIntegrationTest {

    @Autowired
    private PostgresDecisionWriter writer;

    @Autowired
    private DecisionQueries queries;

    @Autowired
    private ObjectMapper json;

    @Autowired
    private MeterRegistry meters;

    private final List<Exception> unreadable = new ArrayList<>();

    @Test
    void storesEveryFieldOfASpooledRecord() throws Exception {
        var record = DecisionRecords.full(UUID.randomUUID());

        double fallbacks = fallbacks();
        double copyRefusals = copyRefusals();

        writer.write(batch(spooled(record)));

        assertThat(queries.byId(record.id())).contains(asStored(record));
        assertThat(copyRefusals()).as("stored through COPY").isEqualTo(copyRefusals);
        assertThat(fallbacks()).as("stored from the JSON, not bound row by row").isEqualTo(fallbacks);
    }

    @Test
    void storesASparseRecordWithItsDefaults() throws Exception {
        var record = DecisionRecords.sparse(Instant.now().truncatedTo(ChronoUnit.MICROS));

        writer.write(batch(spooled(record)));

        var stored = queries.byId(record.id()).orElseThrow();
        assertThat(stored.attempts()).as("stored as an empty list, not JSON null").isEmpty();
        assertThat(stored).usingRecursiveComparison().ignoringFields("attempts").isEqualTo(asStored(record));
    }

    @Test
    void writingTheSameBatchAgainStoresNothingTwice() throws Exception {
        var first = DecisionRecords.full(UUID.randomUUID());
        var second = DecisionRecords.full(UUID.randomUUID());
        var batch = batch(spooled(first), spooled(second));
        double copyRefusals = copyRefusals();

        writer.write(batch);
        writer.write(batch);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM decisions WHERE id IN (?, ?)", Long.class, first.id(), second.id()))
                .isEqualTo(2);
        assertThat(copyRefusals()).as("the second COPY is refused, and the JSON statement skips what is stored").isEqualTo(copyRefusals + 1);
    }

    @Test
    void aBatchHoldingOneStoredRecordStoresTheRestOnce() throws Exception {
        var stored = DecisionRecords.full(UUID.randomUUID());
        writer.write(batch(spooled(stored)));
        var fresh = DecisionRecords.full(UUID.randomUUID());

        writer.write(batch(spooled(fresh), spooled(stored)));

        assertThat(queries.byId(fresh.id())).contains(asStored(fresh));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM decisions WHERE id = ?", Long.class, stored.id())).isEqualTo(1);
    }

    @Test
    void storesABatchLargerThanOneStatementTakesWholeAndInOrder() throws Exception {
        var records = new ArrayList<DecisionRecord>();
        var payloads = fullRecords(3L * PostgresDecisionWriter.MAX_STATEMENT_BYTES, records);
        double fallbacks = fallbacks();
        double copyRefusals = copyRefusals();

        writer.write(batch(payloads.toArray(byte[][]::new)));

        for (var record : records) {
            assertThat(queries.byId(record.id())).contains(asStored(record));
        }
        assertThat(copyRefusals()).as("one COPY, sent in chunks").isEqualTo(copyRefusals);
        assertThat(fallbacks()).isEqualTo(fallbacks);
    }

    @Test
    void aPayloadCopyCannotTakeAfterRowsAlreadySentLeavesNothingOfTheCopyBehind() throws Exception {
        var records = new ArrayList<DecisionRecord>();
        var payloads = fullRecords(2L * DecisionCopy.COPY_CHUNK_BYTES, records);
        // Valid JSON that COPY's translation does not take (a status as text), but PostgreSQL's JSON statement does.
        var textStatus = DecisionRecords.sparse(Instant.now().truncatedTo(ChronoUnit.MICROS));
        payloads.add(new String(spooled(textStatus), StandardCharsets.UTF_8).replace("\"status\":401", "\"status\":\"401\"")
                .getBytes(StandardCharsets.UTF_8));
        double copyRefusals = copyRefusals();
        double fallbacks = fallbacks();

        writer.write(batch(payloads.toArray(byte[][]::new)));

        for (var record : records) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM decisions WHERE id = ?", Long.class, record.id())).isEqualTo(1);
        }
        assertThat(queries.byId(textStatus.id()).orElseThrow().status()).isEqualTo(401);
        assertThat(copyRefusals()).isEqualTo(copyRefusals + 1);
        assertThat(fallbacks()).as("the JSON statement took them all").isEqualTo(fallbacks);
    }

    @Test
    void aPayloadPostgresCannotReadFallsBackToBindingTheOthersOneByOne() throws Exception {
        var before = DecisionRecords.full(UUID.randomUUID());
        var after = DecisionRecords.full(UUID.randomUUID());
        var damaged = "{\"id\": \"not json".getBytes(StandardCharsets.UTF_8);

        writer.write(batch(spooled(before), damaged, spooled(after)));

        assertThat(queries.byId(before.id())).contains(asStored(before));
        assertThat(queries.byId(after.id())).contains(asStored(after));
        assertThat(unreadable).hasSize(1);
        assertThat(fallbacks()).isPositive();
    }

    /** Full records, added to {@code records}, until their spooled JSON is at least {@code bytes} long; the JSON in order. */
    private List<byte[]> fullRecords(long bytes, List<DecisionRecord> records) throws Exception {
        var payloads = new ArrayList<byte[]>();
        long written = 0;
        while (written < bytes) {
            var record = DecisionRecords.full(UUID.randomUUID());
            records.add(record);
            payloads.add(spooled(record));
            written += payloads.getLast().length;
        }
        return payloads;
    }

    private double fallbacks() {
        return meters.counter("warden.decisions.ship.fallback").count();
    }

    private double copyRefusals() {
        return meters.counter("warden.decisions.ship.copy.refused").count();
    }

    @Test
    void aNulCharacterPostgresCannotStoreIsReplacedNotLeftToBlockTheSpool() throws Exception {
        var nul = new DecisionRecord(UUID.randomUUID(), Instant.now(), null, "/v1/chat/completions", false, "gpt\u0000x", null,
                null, null, 400, "rejected", "bad", "a \u0000 b", null, false, List.of(), null, null, 1, 1, null, null, null,
                Map.of("k\u0000", "v\u0000"), null, null, null, "body \u0000", null, null);
        var next = DecisionRecords.full(UUID.randomUUID());
        double copyRefusals = copyRefusals();

        writer.write(batch(spooled(nul), spooled(next)));

        assertThat(copyRefusals()).as("COPY's translation replaces it").isEqualTo(copyRefusals);
        var stored = queries.byId(nul.id()).orElseThrow();
        assertThat(stored.modelRequested()).isEqualTo("gpt\uFFFDx");
        assertThat(stored.reason()).isEqualTo("a \uFFFD b");
        assertThat(stored.labels()).containsEntry("k\uFFFD", "v\uFFFD");
        assertThat(stored.requestBody()).isEqualTo("body \uFFFD");
        assertThat(queries.byId(next.id())).contains(asStored(next));
    }

    @Test
    void aRequestNamingAModelWithANulCharacterIsRecordedAndRecordsAfterItStillShip() {
        var key = newKey("nul-sender");
        var refused = post("/v1/chat/completions", key, chat("no\\u0000such-model"));
        var after = post("/v1/chat/completions", key, chat(FakeOpenAi.MODEL));

        for (var response : List.of(refused, after)) {
            var id = UUID.fromString(response.headers().firstValue("x-warden-decision-id").orElseThrow());
            await().atMost(Duration.ofSeconds(10)).until(() -> queries.byId(id).isPresent());
        }
        assertThat(refused.statusCode()).isBetween(400, 499);
        var recorded = queries.byId(UUID.fromString(refused.headers().firstValue("x-warden-decision-id").orElseThrow()));
        assertThat(recorded.orElseThrow().modelRequested()).isEqualTo("no\uFFFDsuch-model");
    }

    private SpooledDecisions batch(byte[]... payloads) {
        return new SpooledDecisions(List.of(payloads), json, unreadable::add);
    }

    /** As {@link DecisionLog} spools it. */
    private byte[] spooled(DecisionRecord record) throws Exception {
        return SpoolFormat.write(record);
    }

    /** What a read gives back: PostgreSQL keeps microseconds, and the key's name is not a column. */
    private static DecisionRecord asStored(DecisionRecord r) {
        var principal = r.principal() == null ? null : new Principal(r.principal().keyId(), r.principal().team(), r.principal().user(), null);
        return new DecisionRecord(r.id(), r.createdAt().truncatedTo(ChronoUnit.MICROS), principal, r.endpoint(), r.stream(),
                r.modelRequested(), r.route(), r.provider(), r.modelUsed(), r.status(), r.outcome(), r.errorType(), r.reason(),
                r.bundleRevision(), r.fallbackUsed(), r.attempts(), r.tokensIn(), r.tokensOut(), r.latencyMs(), r.overheadMs(),
                r.ttftMs(), r.gitCommit(), r.matchedRules(), r.labels(), r.auditFlags(), r.redactions(), r.costUsd(),
                r.requestBody(), r.responseBody(), r.intent());
    }
}
