package dev.warden.policy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict field access to one document: every mistake becomes a problem located at the field's
 * line and column, saying what is wrong and what was expected. Paths are written
 * {@code spec.targets[0].provider}.
 */
final class SpecReader {

    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,63}");

    private final Document document;
    private final Problems problems;

    SpecReader(Document document, Problems problems) {
        this.document = document;
        this.problems = problems;
    }

    Document document() {
        return document;
    }

    void problem(String path, String message) {
        problems.add(document, path, document.kind() + " '" + document.name() + "': " + message);
    }

    /** Reports fields the kind does not define: a misspelt field must not be silently ignored. */
    void allowOnly(JsonNode node, String path, Set<String> known) {
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                problem(path + "." + field + "#key", "unknown field '" + relative(path) + field + "' (expected one of "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        });
    }

    boolean present(JsonNode node, String field) {
        var value = node.get(field);
        return value != null && !value.isNull();
    }

    Optional<String> text(JsonNode node, String path, String field) {
        if (!present(node, field)) {
            return Optional.empty();
        }
        var value = node.get(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            problem(path + "." + field, "'" + relative(path) + field + "' must be a non-empty string");
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    Optional<String> requiredText(JsonNode node, String path, String field) {
        if (!present(node, field)) {
            problem(path, "'" + relative(path) + field + "' is required");
            return Optional.empty();
        }
        return text(node, path, field);
    }

    Optional<BigDecimal> amount(JsonNode node, String path, String field) {
        if (!present(node, field)) {
            return Optional.empty();
        }
        var value = node.get(field);
        if (!value.isNumber() || value.decimalValue().signum() < 0) {
            problem(path + "." + field, "'" + relative(path) + field + "' must be a number of at least 0, got " + value);
            return Optional.empty();
        }
        return Optional.of(value.decimalValue());
    }

    Optional<Long> count(JsonNode node, String path, String field) {
        if (!present(node, field)) {
            return Optional.empty();
        }
        var value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 1) {
            problem(path + "." + field, "'" + relative(path) + field + "' must be a whole number of at least 1, got " + value);
            return Optional.empty();
        }
        return Optional.of(value.longValue());
    }

    Optional<Boolean> flag(JsonNode node, String path, String field) {
        if (!present(node, field)) {
            return Optional.empty();
        }
        var value = node.get(field);
        if (!value.isBoolean()) {
            problem(path + "." + field, "'" + relative(path) + field + "' must be true or false, got " + value);
            return Optional.empty();
        }
        return Optional.of(value.booleanValue());
    }

    Optional<Duration> duration(JsonNode node, String path, String field) {
        return text(node, path, field).flatMap(text -> {
            var duration = Durations.parse(text).filter(d -> !d.isZero());
            if (duration.isEmpty()) {
                problem(path + "." + field, "'" + relative(path) + field
                        + "' must be a positive duration such as 500ms, 5s or 2m, got '" + text + "'");
            }
            return duration;
        });
    }

    List<String> strings(JsonNode node, String path, String field) {
        if (!present(node, field)) {
            return List.of();
        }
        var value = node.get(field);
        var result = new ArrayList<String>();
        if (!value.isArray()) {
            problem(path + "." + field, "'" + relative(path) + field + "' must be a list of strings");
            return List.of();
        }
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual() || value.get(i).asText().isBlank()) {
                problem(path + "." + field + "[" + i + "]", "'" + relative(path) + field + "' must hold non-empty strings");
            } else {
                result.add(value.get(i).asText());
            }
        }
        return List.copyOf(result);
    }

    /** A map of label-like keys to string values. */
    Map<String, String> labels(JsonNode node, String path, String field) {
        if (!present(node, field)) {
            return Map.of();
        }
        var value = node.get(field);
        if (!value.isObject()) {
            problem(path + "." + field, "'" + relative(path) + field + "' must be a mapping of names to strings");
            return Map.of();
        }
        var result = new LinkedHashMap<String, String>();
        value.fields().forEachRemaining(entry -> {
            var entryPath = path + "." + field + "." + entry.getKey();
            if (!LABEL_KEY.matcher(entry.getKey()).matches()) {
                problem(entryPath + "#key", "label name '" + entry.getKey() + "' must be letters, digits and . _ / - (at most 64)");
            } else if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                problem(entryPath, "label '" + entry.getKey() + "' must have a string value");
            } else {
                result.put(entry.getKey(), entry.getValue().asText());
            }
        });
        return Map.copyOf(result);
    }

    JsonNode object(JsonNode node, String path, String field) {
        var value = node.get(field);
        if (value != null && !value.isNull() && !value.isObject()) {
            problem(path + "." + field, "'" + relative(path) + field + "' must be a mapping");
            return MissingNode.getInstance();
        }
        return value == null ? MissingNode.getInstance() : value;
    }

    private static String relative(String path) {
        if (path.equals("spec")) {
            return "";
        }
        return path.startsWith("spec.") ? path.substring(5) + "." : path + ".";
    }
}
