package dev.warden.gateway;

import dev.warden.gateway.fake.FakeOpenAi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The policy bundle integration tests run under: routes to the fake upstream, to a dead port, and with fallback. */
public final class TestPolicies {

    public static final String ALIAS = "alias-model";
    /** A route whose model OpenAI's tokenizer counts (the fake answers any model name). */
    public static final String OPENAI_TOKENIZED = "gpt-4o-mini";
    public static final String FALLBACK = "fallback-model";
    public static final String DEAD = "dead-model";
    public static final String UNCONFIGURED = "unconfigured-model";
    public static final String EMBEDDING = "text-embedding-fake";
    public static final String MIXED = "mixed-model";
    public static final String DEGRADED = "degraded-model";
    public static final String LOCAL_EMBEDDING = "local/all-minilm-l6-v2";
    public static final String LOCAL_AFTER_DEAD = "local-after-dead";

    /** Rules keyed to teams that only the policy tests use, so they leave every other test alone. */
    static final String RULES = """
            apiVersion: warden/v1
            kind: Rule
            metadata: {name: block-the-blocked}
            spec:
              when: 'principal.team == "blocked"'
              action: deny
              message: The blocked team may not use models.
            ---
            apiVersion: warden/v1
            kind: Rule
            metadata: {name: projects-required}
            spec:
              when: 'principal.team == "needs-project"'
              action: require
              require: {labels: [project], headers: [x-purpose]}
            ---
            apiVersion: warden/v1
            kind: Rule
            metadata: {name: confidential-local}
            spec:
              when: '"data" in request.labels && request.labels["data"] == "confidential"'
              action: route
              route: {locality: local}
            ---
            apiVersion: warden/v1
            kind: Rule
            metadata: {name: mask-for-careful}
            spec:
              when: 'principal.team == "careful"'
              action: redact
              redact: {builtins: [email, secret, card], patterns: [{name: ticket, regex: 'TCK-[0-9]{4}'}]}
            ---
            apiVersion: warden/v1
            kind: Rule
            metadata: {name: coach-students}
            spec:
              when: 'principal.team == "students"'
              action: coach
              instruction: Explain and hint; never write the whole solution.
            ---
            apiVersion: warden/v1
            kind: Rule
            metadata: {name: label-research}
            spec:
              when: 'principal.team == "research"'
              action: label
              labels: {cost-centre: r-42}
            ---
            apiVersion: warden/v1
            kind: Rule
            metadata: {name: audited-deny}
            spec:
              when: 'principal.team == "audited"'
              action: deny
              mode: audit
            ---
            apiVersion: warden/v1
            kind: Rule
            metadata: {name: steer-away-from-degraded}
            spec:
              when: 'request.model == "degraded-model" && route.errorRate > 0.5'
              action: route
              route: {to: gpt-fake}
            ---
            apiVersion: warden/v1
            kind: Limit
            metadata: {name: limited-requests}
            spec: {scope: team, match: 'principal.team == "limited"', window: month, requests: 3}
            ---
            apiVersion: warden/v1
            kind: Limit
            metadata: {name: limited-tokens}
            spec: {scope: team, match: 'principal.team == "token-limited"', window: month, tokens: 60}
            ---
            apiVersion: warden/v1
            kind: Limit
            metadata: {name: bound-limited-tokens}
            spec: {scope: team, match: 'principal.team == "bound-limited"', window: month, tokens: 300}
            ---
            apiVersion: warden/v1
            kind: Limit
            metadata: {name: one-at-a-time}
            spec: {scope: team, match: 'principal.team == "one-at-a-time"', window: month, concurrent: 1}
            ---
            apiVersion: warden/v1
            kind: Limit
            metadata: {name: spender-budget}
            spec: {scope: team, match: 'principal.team == "spender"', window: month, costUsd: 1}
            ---
            apiVersion: warden/v1
            kind: Limit
            metadata: {name: local-embedding-requests}
            spec: {scope: team, match: 'principal.team == "local-limited"', window: month, requests: 2}
            ---
            apiVersion: warden/v1
            kind: Price
            metadata: {name: gpt-fake}
            spec: {model: gpt-fake, inputPerMillion: 1000, outputPerMillion: 2000}
            ---
            apiVersion: warden/v1
            kind: Rule
            metadata: {name: mask-for-recorded}
            spec:
              when: 'principal.team == "recorded"'
              action: redact
              redact: {builtins: [email]}
            ---
            apiVersion: warden/v1
            kind: Rule
            metadata: {name: record-recorded}
            spec:
              when: 'principal.team == "recorded"'
              action: record
              record: {maxBytes: 400}
            ---
            apiVersion: warden/v1
            kind: Rule
            metadata: {name: flag-clinical}
            spec:
              when: 'principal.team == "clinical"'
              action: audit
              flags: [factual-check]
            ---
            apiVersion: warden/v1
            kind: Rule
            metadata: {name: no-local-models}
            spec:
              when: 'principal.team == "no-local" && request.model.startsWith("local/")'
              action: deny
              message: This team may not use local models.
            """;

    private TestPolicies() {
    }

    static Path write(Path directory, String fakeBaseUrl, int closedPort) {
        var providers = """
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: fake}
                spec:
                  type: openai
                  baseUrl: %s
                  apiKey: ${env:FAKE_UPSTREAM_KEY}
                  timeouts: {connect: 1s, read: 1s}
                ---
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: fake-local}
                spec: {type: openai-compatible, baseUrl: "%s"}
                ---
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: dead}
                spec: {type: openai-compatible, baseUrl: "http://127.0.0.1:%d/v1", timeouts: {connect: 1s}}
                ---
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: unconfigured}
                spec: {type: openai, baseUrl: "https://api.openai.com/v1", apiKey: "${env:WARDEN_TEST_KEY_NEVER_SET}"}
                ---
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: local-onnx}
                spec: {type: onnx}
                """.formatted(fakeBaseUrl, fakeBaseUrl, closedPort);
        var sameName = Stream.of(FakeOpenAi.MODEL, FakeOpenAi.FAIL_500, FakeOpenAi.FAIL_503, FakeOpenAi.BAD_REQUEST,
                        FakeOpenAi.RATE_LIMITED, FakeOpenAi.SLOW, FakeOpenAi.GATED, FakeOpenAi.CUT, FakeOpenAi.LINGERING, EMBEDDING)
                .map(model -> route(model, "fake", model));
        var others = Stream.of(route(ALIAS, "fake", FakeOpenAi.MODEL),
                route(OPENAI_TOKENIZED, "fake", OPENAI_TOKENIZED),
                route(DEAD, "dead", "anything"),
                route(UNCONFIGURED, "unconfigured", FakeOpenAi.MODEL),
                route(DEGRADED, "fake", FakeOpenAi.FAIL_503),
                route(LOCAL_EMBEDDING, "local-onnx", "all-minilm-l6-v2"),
                """
                apiVersion: warden/v1
                kind: Route
                metadata: {name: %s}
                spec:
                  targets:
                    - {provider: dead, model: anything}
                    - {provider: local-onnx, model: all-minilm-l6-v2}
                """.formatted(LOCAL_AFTER_DEAD),
                """
                apiVersion: warden/v1
                kind: Route
                metadata: {name: %s}
                spec:
                  targets:
                    - {provider: fake, model: %s}
                    - {provider: fake-local, model: %s}
                """.formatted(MIXED, FakeOpenAi.MODEL, FakeOpenAi.MODEL),
                """
                apiVersion: warden/v1
                kind: Route
                metadata: {name: %s}
                spec:
                  targets:
                    - {provider: dead, model: anything}
                    - {provider: fake-local, model: %s}
                """.formatted(FALLBACK, FakeOpenAi.MODEL));
        var routes = Stream.concat(sameName, others).collect(Collectors.joining("---\n"));
        try {
            Files.writeString(directory.resolve("providers.yaml"), providers);
            Files.writeString(directory.resolve("routes.yaml"), routes);
            Files.writeString(directory.resolve("rules.yaml"), RULES);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String route(String name, String provider, String model) {
        return """
                apiVersion: warden/v1
                kind: Route
                metadata: {name: %s}
                spec:
                  targets:
                    - {provider: %s, model: %s}
                """.formatted(name, provider, model);
    }
}
