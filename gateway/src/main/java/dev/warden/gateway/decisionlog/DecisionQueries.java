package dev.warden.gateway.decisionlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.auth.Principal;
import dev.warden.gateway.database.ConsoleReads;
import dev.warden.gateway.exchange.Attempt;
import java.sql.ResultSet;
import java.sql.SQLException;
import dev.warden.policy.RuleMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads decision records back for the control API. */
@Component
public class DecisionQueries {

    private static final TypeReference<List<Attempt>> ATTEMPTS = new TypeReference<>() { };
    private static final TypeReference<List<RuleMatch>> MATCHES = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() { };
    private static final TypeReference<List<String>> FLAGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final ConsoleReads reads;
    private final ObjectMapper json;

    DecisionQueries(JdbcTemplate jdbc, ConsoleReads reads, ObjectMapper json) {
        this.jdbc = jdbc;
        this.reads = reads;
        this.json = json;
    }

    /** The newest records first. */
    public List<DecisionRecord> newest(int limit) {
        return find(new DecisionFilter(null, null, null, null, null, null, null, null, null, null), limit);
    }

    /** Records that pass the filter, newest first, after the filter's cursor. */
    public List<DecisionRecord> find(DecisionFilter filter, int limit) {
        var sql = filter.sql();
        var parameters = new ArrayList<>(sql.parameters());
        parameters.add(limit);
        return reads.read(bounded -> bounded.query(listing(sql), this::map, parameters.toArray()));
    }

    /**
     * Streams every record that passes the filter, newest first, up to {@code max}, without holding
     * them all in memory. Not bounded as the pages are: an export of many records rightly takes long.
     */
    public void stream(DecisionFilter filter, int max, Consumer<DecisionRecord> each) {
        var sql = filter.sql();
        var parameters = new ArrayList<>(sql.parameters());
        parameters.add(max);
        jdbc.query(connection -> {
            connection.setAutoCommit(false);
            var statement = connection.prepareStatement(listing(sql));
            statement.setFetchSize(500);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return statement;
        }, (ResultSet row) -> each.accept(map(row, 0)));
    }

    /** The newest-first listing of the filter's records; its last parameter is the limit. */
    static String listing(DecisionFilter.Sql sql) {
        return "SELECT * FROM decisions" + sql.where() + " ORDER BY created_at DESC, id DESC LIMIT ?";
    }

    public Optional<DecisionRecord> byId(UUID id) {
        return reads.read(bounded -> bounded.query("SELECT * FROM decisions WHERE id = ?", this::map, id)).stream().findFirst();
    }

    private DecisionRecord map(ResultSet row, int index) throws SQLException {
        var keyId = row.getObject("key_id", UUID.class);
        var principal = keyId == null ? null : new Principal(keyId, row.getString("team"), row.getString("user_id"), null);
        return new DecisionRecord(row.getObject("id", UUID.class), row.getTimestamp("created_at").toInstant(), principal,
                row.getString("endpoint"), row.getBoolean("stream"), row.getString("model_requested"),
                row.getString("route"), row.getString("provider"), row.getString("model_used"), row.getInt("status"),
                row.getString("outcome"), row.getString("error_type"), row.getString("reason"),
                row.getString("bundle_revision"), row.getBoolean("fallback_used"), read(row.getString("attempts"), ATTEMPTS),
                row.getObject("tokens_in", Integer.class), row.getObject("tokens_out", Integer.class),
                row.getDouble("latency_ms"), row.getDouble("overhead_ms"), row.getObject("ttft_ms", Double.class),
                row.getString("git_commit"), read(row.getString("matched_rules"), MATCHES), read(row.getString("labels"), LABELS),
                read(row.getString("audit_flags"), FLAGS), read(row.getString("redactions"), COUNTS), row.getBigDecimal("cost_usd"),
                row.getString("request_body"), row.getString("response_body"), row.getString("intent"));
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored decision field is not valid JSON", e);
        }
    }
}
