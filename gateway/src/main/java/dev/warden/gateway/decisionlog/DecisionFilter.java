package dev.warden.gateway.decisionlog;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Which decisions to list: a time range, team, key, model, outcome, a rule that matched, the
 * request's intent, text in the reason; and where the previous page ended.
 */
public record DecisionFilter(Instant from, Instant to, String team, UUID key, String model, String outcome, String rule,
                             String intent, String text, Cursor after) {

    /** The position after the last decision of a page, in the newest-first order. */
    public record Cursor(Instant createdAt, UUID id) {
    }

    /** The WHERE clause and its parameters. */
    record Sql(String where, List<Object> parameters) {
    }

    Sql sql() {
        var clauses = new ArrayList<String>();
        var parameters = new ArrayList<Object>();
        add(clauses, parameters, from == null ? null : Timestamp.from(from), "created_at >= ?");
        add(clauses, parameters, to == null ? null : Timestamp.from(to), "created_at < ?");
        add(clauses, parameters, team, "team = ?");
        add(clauses, parameters, key, "key_id = ?");
        add(clauses, parameters, model, "model_requested = ?");
        add(clauses, parameters, outcome, "outcome = ?");
        add(clauses, parameters, intent, "intent = ?");
        add(clauses, parameters, rule == null ? null : "[{\"rule\":" + quote(rule) + "}]", "matched_rules @> ?::jsonb");
        add(clauses, parameters, text == null ? null : "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",
                "reason ILIKE ?");
        if (after != null) {
            clauses.add("(created_at, id) < (?, ?)");
            parameters.add(Timestamp.from(after.createdAt()));
            parameters.add(after.id());
        }
        return new Sql(clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses), parameters);
    }

    private static void add(List<String> clauses, List<Object> parameters, Object value, String clause) {
        if (value != null) {
            clauses.add(clause);
            parameters.add(value);
        }
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
