package dev.warden.gateway.decisionlog;

import dev.warden.gateway.auth.Principal;
import dev.warden.gateway.exchange.Attempt;
import dev.warden.policy.RuleMatch;
import dev.warden.policy.RuleMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Decision records for the decision log's tests: one with every field set, one as sparse as a refusal. */
final class DecisionRecords {

    private DecisionRecords() {
    }

    /** Every field set, with text that JSON must escape and numbers in several notations. */
    static DecisionRecord full(UUID id) {
        return new DecisionRecord(id, Instant.parse("2026-11-28T05:06:07.123456Z").plusMillis(System.nanoTime() % 1000),
                new Principal(UUID.randomUUID(), "payments", "ana@example.com", "ci key"), "/v1/chat/completions", true,
                "gpt-4o", "frontier/gpt-4o", "openai", "gpt-4o-2024-08-06", 200, "ok", null, null, "rev-7", true,
                List.of(new Attempt("anthropic", "claude", 503, "overloaded", 12.5), new Attempt("openai", "gpt-4o", 200, null, 0.0001)),
                1234, 56, 812.75, 0.43, 1.0E-4, "0123456789abcdef", List.of(new RuleMatch("tag-finance", "label", RuleMode.AUDIT, false)),
                Map.of("cost-centre", "42", "ünïcode", "日本語 \"quoted\" \\ back"), List.of("pii"), Map.of("email", 2),
                new BigDecimal("0.00012345"), "{\"messages\":[{\"role\":\"user\",\"content\":\"hi \\u2028 there\"}]}",
                "line one\nline two\ttabbed", "explain");
    }

    /** A request refused before it reached a route: most fields null. */
    static DecisionRecord sparse(Instant createdAt) {
        return new DecisionRecord(UUID.randomUUID(), createdAt, null, "/v1/models", false, null, null, null, null, 401,
                "rejected", "invalid_api_key", "no key", null, false, null, null, null, 0.25, 0.25, null, null, null, null, null,
                null, null, null, null, null);
    }
}
