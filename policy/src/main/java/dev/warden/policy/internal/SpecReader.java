package dev.warden.policy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/** Strict field access to one document's {@code spec}: every mistake becomes a located problem. */
final class SpecReader {

    private final Document document;
    private final Problems problems;

    SpecReader(Document document, Problems problems) {
        this.document = document;
        this.problems = problems;
    }

    JsonNode spec() {
        return document.spec();
    }

    void problem(String message) {
        problems.add(document, document.kind() + " '" + document.name() + "': " + message);
    }

    /** Reports fields that the kind does not define: a misspelt field must not be silently ignored. */
    void allowOnly(JsonNode node, String where, Set<String> known) {
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                problem("unknown field '" + where + field + "' (expected one of " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        });
    }

    Optional<String> text(JsonNode node, String field) {
        var value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problem("'" + field + "' must be a non-empty string");
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    Optional<String> requiredText(JsonNode node, String field) {
        var value = text(node, field);
        if (value.isEmpty() && (node.get(field) == null || node.get(field).isNull())) {
            problem("'" + field + "' is required");
        }
        return value;
    }
}
