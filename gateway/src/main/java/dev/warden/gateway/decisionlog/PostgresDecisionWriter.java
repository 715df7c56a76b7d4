package dev.warden.gateway.decisionlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a batch of decision records; a record already stored is skipped, so a retry never
 * duplicates. The spooled JSON goes to PostgreSQL in one of three ways, each taken only when the one
 * before it was refused:
 * <ol>
 * <li>{@code COPY} ({@link DecisionCopy}), the records translated to its text format by {@link CopyRows}: the cheapest for
 * PostgreSQL, which then parses only the {@code jsonb} columns. {@code COPY} cannot skip a record
 * stored before, so a batch holding one (a retry after a lost acknowledgement) is refused whole and
 * goes the second way.</li>
 * <li>One statement per {@value #MAX_STATEMENT_BYTES} bytes of records as a {@code jsonb} array, the
 * columns taken from it in SQL and conflicts skipped. Decoding every record in Java and binding 32
 * parameters a row cost more CPU than the request path itself.</li>
 * <li>When PostgreSQL refuses the JSON (a payload damaged or from an older shape), the batch is
 * decoded in Java and bound column by column, which skips what cannot be read and replaces U+0000,
 * which PostgreSQL cannot store.</li>
 * </ol>
 */
@Component
class PostgresDecisionWriter implements DecisionWriter, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresDecisionWriter.class);

    private static final String COLUMNS = """
            INSERT INTO decisions (id, created_at, key_id, team, user_id, endpoint, stream, model_requested, route,
                provider, model_used, status, outcome, error_type, reason, bundle_revision, fallback_used, attempts,
                tokens_in, tokens_out, latency_ms, overhead_ms, ttft_ms, git_commit, matched_rules, labels, audit_flags,
                redactions, cost_usd, request_body, response_body, intent)
            """;
    /** The same columns from each element of one jsonb array of spooled records (field names as Jackson writes them). */
    private static final String FROM_JSON = COLUMNS + """
            SELECT (d->>'id')::uuid, (d->>'createdAt')::timestamptz, (d->'principal'->>'keyId')::uuid,
                d->'principal'->>'team', d->'principal'->>'user', d->>'endpoint', coalesce((d->>'stream')::boolean, false),
                d->>'modelRequested', d->>'route', d->>'provider', d->>'modelUsed', (d->>'status')::integer, d->>'outcome',
                d->>'errorType', d->>'reason', d->>'bundleRevision', coalesce((d->>'fallbackUsed')::boolean, false),
                coalesce(nullif(d->'attempts', 'null'), '[]'), (d->>'tokensIn')::integer, (d->>'tokensOut')::integer,
                (d->>'latencyMs')::double precision, (d->>'overheadMs')::double precision, (d->>'ttftMs')::double precision,
                d->>'gitCommit', coalesce(nullif(d->'matchedRules', 'null'), '[]'), coalesce(nullif(d->'labels', 'null'), '{}'),
                coalesce(nullif(d->'auditFlags', 'null'), '[]'), coalesce(nullif(d->'redactions', 'null'), '{}'), (d->>'costUsd')::numeric,
                d->>'requestBody', d->>'responseBody', d->>'intent'
            FROM jsonb_array_elements(convert_from(?, 'UTF8')::jsonb) AS spooled(d)
            ON CONFLICT (id, created_at) DO NOTHING""";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, "
            + "?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?)";
    private static final String CONFLICT = " ON CONFLICT (id, created_at) DO NOTHING";
    /**
     * The most bytes of spooled JSON sent in one statement (a record larger than this goes alone).
     * A busy gateway's batch is a megabyte or more, and an array that large is a "humongous" object
     * to the G1 collector (half a heap region, 512 KB at the usual heap sizes), every one of which
     * started a collection: about two young pauses a second under load.
     */
    static final int MAX_STATEMENT_BYTES = 256 * 1024;
    /** Rows per statement: one multi-row INSERT is far cheaper than as many single-row ones (32 parameters a row, 32767 at most). */
    private static final int ROWS_PER_STATEMENT = 500;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Counter boundRowByRow;
    private final Counter copyRefused;
    private final WriteDeadlines deadlines;
    private final DecisionCopy copy;

    PostgresDecisionWriter(JdbcTemplate jdbc, ObjectMapper json, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.deadlines = new WriteDeadlines(meters);
        this.copy = new DecisionCopy(jdbc, deadlines);
        this.boundRowByRow = Counter.builder("warden.decisions.ship.fallback")
                .description("Batches PostgreSQL refused as JSON, written again row by row").register(meters);
        this.copyRefused = Counter.builder("warden.decisions.ship.copy.refused")
                .description("Batches not taken through COPY (a record stored before, or one it cannot read), written again as JSON")
                .register(meters);
    }

    @Override
    public void write(SpooledDecisions batch) {
        if (batch.size() == 0) {
            return;
        }
        try {
            if (copy.write(batch.payloads())) {
                return;
            }
        } catch (DataIntegrityViolationException e) {
            // A record stored before (a retry) or a value PostgreSQL refused: the JSON statement skips
            // the one and the row-by-row fallback the other. Nothing of the COPY was stored.
            log.debug("COPY refused {} decision records; writing them as JSON: {}", batch.size(),
                    e.getMostSpecificCause().getMessage());
        }
        copyRefused.increment();
        try {
            // Each statement commits on its own; if a later one fails, the row-by-row retry below
            // and any retry of the batch skip the records already stored.
            var arrays = jsonArrays(batch.payloads(), MAX_STATEMENT_BYTES);
            jdbc.execute((ConnectionCallback<Void>) connection -> {
                try (var deadline = deadlines.on(connection); var statement = connection.prepareStatement(FROM_JSON)) {
                    for (var array : arrays) {
                        statement.setBytes(1, array);
                        deadline.arm();
                        statement.executeUpdate();
                    }
                }
                return null;
            });
        } catch (DataIntegrityViolationException e) {
            // Spring maps PostgreSQL's data exceptions (SQL state class 22, such as invalid JSON) and
            // constraint violations here; a connection or server failure is not, and is retried as it is.
            log.warn("PostgreSQL refused {} spooled decision records as JSON; binding them one by one: {}", batch.size(),
                    e.getMostSpecificCause().getMessage());
            boundRowByRow.increment();
            writeRows(batch.records());
        }
    }

    @Override
    public void close() {
        deadlines.close();
    }

    /**
     * The payloads as JSON arrays of UTF-8 bytes, in order, each at most {@code maxBytes} long unless
     * it holds a single larger record. Sent as bytes and decoded by PostgreSQL, they are copied once,
     * where a string parameter was copied three times (built, made a string, encoded again).
     */
    static List<byte[]> jsonArrays(List<byte[]> payloads, int maxBytes) {
        var arrays = new ArrayList<byte[]>();
        int from = 0;
        while (from < payloads.size()) {
            int length = 2 + payloads.get(from).length;
            int to = from + 1;
            while (to < payloads.size() && length + 1 + payloads.get(to).length <= maxBytes) {
                length += 1 + payloads.get(to).length;
                to++;
            }
            var array = new byte[length];
            array[0] = '[';
            int at = 1;
            for (int i = from; i < to; i++) {
                if (i > from) {
                    array[at++] = ',';
                }
                var payload = payloads.get(i);
                System.arraycopy(payload, 0, array, at, payload.length);
                at += payload.length;
            }
            array[at] = ']';
            arrays.add(array);
            from = to;
        }
        return arrays;
    }

    private void writeRows(List<DecisionRecord> records) {
        for (int from = 0; from < records.size(); from += ROWS_PER_STATEMENT) {
            var chunk = records.subList(from, Math.min(records.size(), from + ROWS_PER_STATEMENT));
            var sql = COLUMNS + "VALUES " + String.join(", ", Collections.nCopies(chunk.size(), ROW)) + CONFLICT;
            jdbc.execute((ConnectionCallback<Void>) connection -> {
                try (var deadline = deadlines.on(connection); var statement = connection.prepareStatement(sql)) {
                    int parameter = 0;
                    for (var record : chunk) {
                        parameter = bind(statement, record, parameter);
                    }
                    deadline.arm();
                    statement.executeUpdate();
                }
                return null;
            });
        }
    }

    private int bind(PreparedStatement statement, DecisionRecord record, int offset) throws SQLException {
        var principal = record.principal();
        int i = offset;
        statement.setObject(++i, record.id());
        statement.setTimestamp(++i, Timestamp.from(record.createdAt()));
        statement.setObject(++i, principal == null ? null : principal.keyId());
        statement.setString(++i, text(principal == null ? null : principal.team()));
        statement.setString(++i, text(principal == null ? null : principal.user()));
        statement.setString(++i, text(record.endpoint()));
        statement.setBoolean(++i, record.stream());
        statement.setString(++i, text(record.modelRequested()));
        statement.setString(++i, text(record.route()));
        statement.setString(++i, text(record.provider()));
        statement.setString(++i, text(record.modelUsed()));
        statement.setInt(++i, record.status());
        statement.setString(++i, text(record.outcome()));
        statement.setString(++i, text(record.errorType()));
        statement.setString(++i, text(record.reason()));
        statement.setString(++i, text(record.bundleRevision()));
        statement.setBoolean(++i, record.fallbackUsed());
        statement.setString(++i, json(record.attempts()));
        statement.setObject(++i, record.tokensIn(), Types.INTEGER);
        statement.setObject(++i, record.tokensOut(), Types.INTEGER);
        statement.setDouble(++i, record.latencyMs());
        statement.setDouble(++i, record.overheadMs());
        statement.setObject(++i, record.ttftMs(), Types.DOUBLE);
        statement.setString(++i, text(record.gitCommit()));
        statement.setString(++i, json(record.matchedRules()));
        statement.setString(++i, json(record.labels()));
        statement.setString(++i, json(record.auditFlags()));
        statement.setString(++i, json(record.redactions()));
        statement.setBigDecimal(++i, record.costUsd());
        statement.setString(++i, text(record.requestBody()));
        statement.setString(++i, text(record.responseBody()));
        statement.setString(++i, text(record.intent()));
        return i;
    }

    /**
     * PostgreSQL's text cannot hold U+0000, which a client can put in any field it sends (a model
     * name, say); refused, the batch would be retried forever and hold up every record behind it.
     */
    private static String text(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }

    private String json(Object value) {
        try {
            return json.writeValueAsString(value).replace("\\u0000", "\\uFFFD");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("decision fields are always serialisable", e);
        }
    }
}
