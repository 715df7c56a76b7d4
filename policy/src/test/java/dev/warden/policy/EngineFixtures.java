package dev.warden.policy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** A small bundle and request builders shared by engine tests. */
final class EngineFixtures {

    static final String PROVIDERS = """
            apiVersion: warden/v1
            kind: Provider
            metadata: {name: openai}
            spec: {type: openai, baseUrl: "https://api.openai.com/v1"}
            ---
            apiVersion: warden/v1
            kind: Provider
            metadata: {name: local}
            spec: {type: openai-compatible, baseUrl: "http://localhost:11434/v1"}
            ---
            apiVersion: warden/v1
            kind: Route
            metadata: {name: gpt-4o}
            spec:
              targets: [{provider: openai, model: gpt-4o}, {provider: local, model: llama3.2}]
            ---
            apiVersion: warden/v1
            kind: Route
            metadata: {name: frontier-only}
            spec:
              targets: [{provider: openai, model: gpt-4o}]
            ---
            apiVersion: warden/v1
            kind: Route
            metadata: {name: local-chat}
            spec:
              targets: [{provider: local, model: llama3.2}]
            """;

    private EngineFixtures() {
    }

    static PolicyEngine engine(String rules) {
        var bundle = PolicyLoader.fromSources(List.of(new PolicySource("a.yaml", PROVIDERS), new PolicySource("b.yaml", rules)));
        return PolicyEngine.compile(bundle, ZoneOffset.UTC);
    }

    static PolicyInput request(String team, String model, Map<String, String> labels) {
        return request(team, model, labels, Map.of(), Instant.parse("2026-01-05T12:00:00Z"));
    }

    static PolicyInput request(String team, String model, Map<String, String> labels, Map<String, String> headers, Instant time) {
        return new PolicyInput(new PolicyInput.Principal("k-1", team, "ada", "acme", List.of()),
                new PolicyInput.Request("/v1/chat/completions", model, false, labels, 120, 256, 2, "other"),
                headers, time, null);
    }

    static String rule(String name, String when, String action) {
        return """
                ---
                apiVersion: warden/v1
                kind: Rule
                metadata: {name: %s}
                spec:
                  when: '%s'
                %s
                """.formatted(name, when, action.indent(2).stripTrailing());
    }
}
