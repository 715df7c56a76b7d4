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
    public static final String FALLBACK = "fallback-model";
    public static final String DEAD = "dead-model";
    public static final String UNCONFIGURED = "unconfigured-model";
    public static final String EMBEDDING = "text-embedding-fake";

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
                """.formatted(fakeBaseUrl, fakeBaseUrl, closedPort);
        var sameName = Stream.of(FakeOpenAi.MODEL, FakeOpenAi.FAIL_500, FakeOpenAi.FAIL_503, FakeOpenAi.BAD_REQUEST,
                        FakeOpenAi.RATE_LIMITED, FakeOpenAi.SLOW, FakeOpenAi.GATED, FakeOpenAi.CUT, EMBEDDING)
                .map(model -> route(model, "fake", model));
        var others = Stream.of(route(ALIAS, "fake", FakeOpenAi.MODEL),
                route(DEAD, "dead", "anything"),
                route(UNCONFIGURED, "unconfigured", FakeOpenAi.MODEL),
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
