package dev.warden.gateway.control;

import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.database.ConsoleReads;
import dev.warden.gateway.policy.PolicyProperties;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/api/usage?scope=team&window=month}: requests, tokens and cost per team, key, user
 * or model in the current calendar window (policy time zone), from the decision records.
 */
@RestController
class UsageController {

    private static final Map<String, String> COLUMNS = Map.of("team", "team", "key", "key_id::text", "user", "user_id",
            "model", "model_requested");

    private final ConsoleReads reads;
    private final Clock clock;
    private final PolicyProperties policy;

    UsageController(ConsoleReads reads, Clock clock, PolicyProperties policy) {
        this.reads = reads;
        this.clock = clock;
        this.policy = policy;
    }

    record Usage(String scope, String window, String since, List<Row> data) {
    }

    record Row(String value, long requests, long tokensIn, long tokensOut, BigDecimal costUsd) {
    }

    @GetMapping("/admin/api/usage")
    Usage usage(@RequestParam(defaultValue = "team") String scope, @RequestParam(defaultValue = "month") String window) {
        var column = COLUMNS.get(scope);
        if (column == null) {
            throw GatewayException.badRequest("scope", "'scope' must be one of team, key, user, model.");
        }
        var since = windowStart(window);
        var rows = reads.read(jdbc -> jdbc.query("SELECT " + column + " AS value, count(*) AS requests, coalesce(sum(tokens_in), 0) AS tokens_in, "
                + "coalesce(sum(tokens_out), 0) AS tokens_out, coalesce(sum(cost_usd), 0) AS cost_usd FROM decisions "
                + "WHERE created_at >= ? GROUP BY 1 ORDER BY 5 DESC, 2 DESC, 1", (row, i) -> new Row(row.getString("value"),
                row.getLong("requests"), row.getLong("tokens_in"), row.getLong("tokens_out"), row.getBigDecimal("cost_usd")),
                Timestamp.from(since.toInstant())));
        return new Usage(scope, window, since.toOffsetDateTime().toString(), rows);
    }

    private ZonedDateTime windowStart(String window) {
        var now = clock.instant().atZone(policy.timeZone());
        return switch (window) {
            case "minute" -> now.truncatedTo(ChronoUnit.MINUTES);
            case "hour" -> now.truncatedTo(ChronoUnit.HOURS);
            case "day" -> now.truncatedTo(ChronoUnit.DAYS);
            case "month" -> now.with(TemporalAdjusters.firstDayOfMonth()).truncatedTo(ChronoUnit.DAYS);
            default -> throw GatewayException.badRequest("window", "'window' must be one of minute, hour, day, month.");
        };
    }
}
