package dev.warden.policy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.policy.Decision;
import dev.warden.policy.PolicyInput;
import dev.warden.policy.PolicyTestSpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a {@code kind: PolicyTest} document: cases of input and expected decision. */
final class PolicyTestReader {

    /** Cases without a time run at a fixed Monday noon (UTC), so that results never depend on the clock. */
    static final Instant DEFAULT_TIME = Instant.parse("2026-01-05T12:00:00Z");

    private static final Set<String> CASE_FIELDS = Set.of("name", "input", "expect");
    private static final Set<String> INPUT_FIELDS = Set.of("principal", "request", "headers", "time", "route");
    private static final Set<String> PRINCIPAL_FIELDS = Set.of("key", "team", "user", "org", "roles");
    private static final Set<String> REQUEST_FIELDS = Set.of("endpoint", "model", "stream", "labels",
            "estimatedPromptTokens", "maxTokens", "messageCount", "intent");
    private static final Set<String> ROUTE_FIELDS = Set.of("errorRate", "latencyP50Ms", "latencyP95Ms");
    private static final Set<String> EXPECT_FIELDS = Set.of("decision", "rule", "route", "matched", "labels");

    private PolicyTestReader() {
    }

    static Optional<PolicyTestSpec> read(SpecReader reader) {
        var spec = reader.document().spec();
        reader.allowOnly(spec, "spec", Set.of("cases"));
        var casesNode = spec.path("cases");
        if (!casesNode.isArray() || casesNode.isEmpty()) {
            reader.problem("spec.cases", "'cases' must be a non-empty list");
            return Optional.empty();
        }
        var cases = new ArrayList<PolicyTestSpec.Case>();
        for (int i = 0; i < casesNode.size(); i++) {
            var path = "spec.cases[" + i + "]";
            var node = casesNode.get(i);
            reader.allowOnly(node, path, CASE_FIELDS);
            var name = reader.requiredText(node, path, "name");
            var input = input(reader, reader.object(node, path, "input"), path + ".input");
            var expect = expectation(reader, reader.object(node, path, "expect"), path + ".expect");
            if (name.isPresent() && input.isPresent() && expect.isPresent()) {
                cases.add(new PolicyTestSpec.Case(name.get(), input.get(), expect.get()));
            }
        }
        return cases.size() == casesNode.size()
                ? Optional.of(new PolicyTestSpec(reader.document().name(), reader.document().source(), cases)) : Optional.empty();
    }

    static Optional<PolicyInput> input(SpecReader reader, JsonNode input, String path) {
        reader.allowOnly(input, path, INPUT_FIELDS);
        var principal = reader.object(input, path, "principal");
        reader.allowOnly(principal, path + ".principal", PRINCIPAL_FIELDS);
        var request = reader.object(input, path, "request");
        reader.allowOnly(request, path + ".request", REQUEST_FIELDS);
        var route = reader.object(input, path, "route");
        reader.allowOnly(route, path + ".route", ROUTE_FIELDS);
        var time = reader.text(input, path, "time").map(text -> instant(reader, path + ".time", text)).orElse(DEFAULT_TIME);
        var headers = new LinkedHashMap<String, String>();
        reader.labels(input, path, "headers").forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        var p = path + ".principal";
        var r = path + ".request";
        return Optional.of(new PolicyInput(
                new PolicyInput.Principal(reader.text(principal, p, "key").orElse("test-key"), reader.text(principal, p, "team").orElse(""),
                        reader.text(principal, p, "user").orElse(""), reader.text(principal, p, "org").orElse("default"),
                        reader.strings(principal, p, "roles")),
                new PolicyInput.Request(reader.text(request, r, "endpoint").orElse("/v1/chat/completions"),
                        reader.text(request, r, "model").orElse(""), request.path("stream").asBoolean(false),
                        reader.labels(request, r, "labels"), request.path("estimatedPromptTokens").asLong(0),
                        request.path("maxTokens").asLong(0), request.path("messageCount").asLong(1),
                        reader.text(request, r, "intent").orElse("other")),
                Map.copyOf(headers), time,
                new PolicyInput.RouteStats(route.path("errorRate").asDouble(0), route.path("latencyP50Ms").asDouble(0),
                        route.path("latencyP95Ms").asDouble(0))));
    }

    private static Instant instant(SpecReader reader, String path, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            reader.problem(path, "'time' must be an instant such as 2026-01-05T10:00:00Z, got '" + text + "'");
            return DEFAULT_TIME;
        }
    }

    private static Optional<PolicyTestSpec.Expectation> expectation(SpecReader reader, JsonNode expect, String path) {
        reader.allowOnly(expect, path, EXPECT_FIELDS);
        var decision = reader.requiredText(expect, path, "decision").flatMap(text -> {
            try {
                return Optional.of(Decision.Kind.valueOf(text.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                reader.problem(path + ".decision", "'decision' must be allow, deny or reject, got '" + text + "'");
                return Optional.empty();
            }
        });
        var matched = reader.present(expect, "matched") ? Optional.of(reader.strings(expect, path, "matched")) : Optional.<List<String>>empty();
        return decision.map(kind -> new PolicyTestSpec.Expectation(kind, reader.text(expect, path, "rule"),
                reader.text(expect, path, "route"), matched, reader.labels(expect, path, "labels")));
    }
}
