package dev.warden.gateway.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.decisionlog.DecisionFilter;
import dev.warden.gateway.decisionlog.DecisionQueries;
import dev.warden.gateway.decisionlog.DecisionRecord;
import dev.warden.policy.Intent;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/api/decisions}: decision records, newest first, filtered by time, team, key,
 * model, outcome, matched rule and text in the reason, a page at a time with a cursor; one record
 * by id; every matching record exported as NDJSON or CSV.
 */
@RestController
class DecisionsController {

    private static final int MAX_LIMIT = 1000;
    private static final int MAX_EXPORT = 1_000_000;

    private final DecisionQueries decisions;
    private final ObjectMapper json;

    DecisionsController(DecisionQueries decisions, ObjectMapper json) {
        this.decisions = decisions;
        this.json = json;
    }

    record DecisionPage(List<DecisionRecord> data, String nextCursor) {
    }

    @GetMapping("/admin/api/decisions")
    DecisionPage list(@RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) String from,
                      @RequestParam(required = false) String to, @RequestParam(required = false) String team,
                      @RequestParam(required = false) String key, @RequestParam(required = false) String model,
                      @RequestParam(required = false) String outcome, @RequestParam(required = false) String rule,
                      @RequestParam(required = false) String intent, @RequestParam(required = false) String q,
                      @RequestParam(required = false) String cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw GatewayException.badRequest("limit", "'limit' must be between 1 and " + MAX_LIMIT + ".");
        }
        var filter = new DecisionFilter(instant("from", from), instant("to", to), team, uuid("key", key), model, outcome, rule,
                intent(intent), q, decode(cursor));
        var page = decisions.find(filter, limit);
        var last = page.size() == limit ? page.getLast() : null;
        return new DecisionPage(page, last == null ? null : encode(last));
    }

    @GetMapping("/admin/api/decisions/{id}")
    DecisionRecord one(@PathVariable String id) {
        return decisions.byId(uuid("id", id)).orElseThrow(() -> new GatewayException(HttpStatus.NOT_FOUND, "invalid_request_error",
                "decision_not_found", "id", "No decision " + id + "."));
    }

    @GetMapping("/admin/api/decisions/export")
    void export(@RequestParam(defaultValue = "ndjson") String format, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, @RequestParam(required = false) String team,
                @RequestParam(required = false) String key, @RequestParam(required = false) String model,
                @RequestParam(required = false) String outcome, @RequestParam(required = false) String rule,
                @RequestParam(required = false) String intent, @RequestParam(required = false) String q,
                HttpServletResponse response) throws IOException {
        if (!format.equals("ndjson") && !format.equals("csv")) {
            throw GatewayException.badRequest("format", "'format' must be ndjson or csv.");
        }
        var filter = new DecisionFilter(instant("from", from), instant("to", to), team, uuid("key", key), model, outcome, rule,
                intent(intent), q, null);
        response.setContentType(format.equals("csv") ? "text/csv;charset=UTF-8" : "application/x-ndjson");
        response.setHeader("Content-Disposition", "attachment; filename=decisions." + format);
        var out = response.getOutputStream();
        if (format.equals("csv")) {
            out.write((DecisionCsv.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        }
        decisions.stream(filter, MAX_EXPORT, record -> {
            try {
                if (format.equals("csv")) {
                    out.write((DecisionCsv.row(record) + "\n").getBytes(StandardCharsets.UTF_8));
                } else {
                    out.write(json.writeValueAsBytes(record));
                    out.write('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String encode(DecisionRecord last) {
        var text = last.createdAt() + "|" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static DecisionFilter.Cursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            var parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return new DecisionFilter.Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw GatewayException.badRequest("cursor", "'cursor' is not one this API handed out.");
        }
    }

    private static Instant instant(String name, String value) {
        try {
            return value == null || value.isBlank() ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw GatewayException.badRequest(name, "'" + name + "' must be an instant such as 2026-11-27T10:00:00Z.");
        }
    }

    private static UUID uuid(String name, String value) {
        try {
            return value == null || value.isBlank() ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest(name, "'" + name + "' must be a UUID.");
        }
    }

    private static String intent(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Intent.fromWireName(value).map(Intent::wireName).orElseThrow(() -> GatewayException.badRequest("intent",
                "'intent' must be one of " + Arrays.stream(Intent.values()).map(Intent::wireName).toList() + "."));
    }
}
