package dev.warden.gateway.decisionlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Writes decision records in one JDBC batch; a record already stored is skipped, so a retry never duplicates. */
@Component
class PostgresDecisionWriter implements DecisionWriter {

    private static final String COLUMNS = """
            INSERT INTO decisions (id, created_at, key_id, team, user_id, endpoint, stream, model_requested, route,
                provider, model_used, status, outcome, error_type, reason, bundle_revision, fallback_used, attempts,
                tokens_in, tokens_out, latency_ms, overhead_ms, ttft_ms, git_commit, matched_rules, labels, audit_flags,
                redactions, cost_usd, request_body, response_body, intent)
            VALUES """;
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, "
            + "?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?)";
    private static final String CONFLICT = " ON CONFLICT (id, created_at) DO NOTHING";
    /** Rows per statement: one multi-row INSERT is far cheaper than as many single-row ones (32 parameters a row, 32767 at most). */
    private static final int ROWS_PER_STATEMENT = 500;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    PostgresDecisionWriter(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public void write(List<DecisionRecord> records) {
        for (int from = 0; from < records.size(); from += ROWS_PER_STATEMENT) {
            var chunk = records.subList(from, Math.min(records.size(), from + ROWS_PER_STATEMENT));
            var sql = COLUMNS + String.join(", ", Collections.nCopies(chunk.size(), ROW)) + CONFLICT;
            jdbc.update(sql, statement -> {
                int parameter = 0;
                for (var record : chunk) {
                    parameter = bind(statement, record, parameter);
                }
            });
        }
    }

    private int bind(PreparedStatement statement, DecisionRecord record, int offset) throws SQLException {
        var principal = record.principal();
        int i = offset;
        statement.setObject(++i, record.id());
        statement.setTimestamp(++i, Timestamp.from(record.createdAt()));
        statement.setObject(++i, principal == null ? null : principal.keyId());
        statement.setString(++i, principal == null ? null : principal.team());
        statement.setString(++i, principal == null ? null : principal.user());
        statement.setString(++i, record.endpoint());
        statement.setBoolean(++i, record.stream());
        statement.setString(++i, record.modelRequested());
        statement.setString(++i, record.route());
        statement.setString(++i, record.provider());
        statement.setString(++i, record.modelUsed());
        statement.setInt(++i, record.status());
        statement.setString(++i, record.outcome());
        statement.setString(++i, record.errorType());
        statement.setString(++i, record.reason());
        statement.setString(++i, record.bundleRevision());
        statement.setBoolean(++i, record.fallbackUsed());
        statement.setString(++i, json(record.attempts()));
        statement.setObject(++i, record.tokensIn(), Types.INTEGER);
        statement.setObject(++i, record.tokensOut(), Types.INTEGER);
        statement.setDouble(++i, record.latencyMs());
        statement.setDouble(++i, record.overheadMs());
        statement.setObject(++i, record.ttftMs(), Types.DOUBLE);
        statement.setString(++i, record.gitCommit());
        statement.setString(++i, json(record.matchedRules()));
        statement.setString(++i, json(record.labels()));
        statement.setString(++i, json(record.auditFlags()));
        statement.setString(++i, json(record.redactions()));
        statement.setBigDecimal(++i, record.costUsd());
        statement.setString(++i, record.requestBody());
        statement.setString(++i, record.responseBody());
        statement.setString(++i, record.intent());
        return i;
    }

    private String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("decision fields are always serialisable", e);
        }
    }
}
