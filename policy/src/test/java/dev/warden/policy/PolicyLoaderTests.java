package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTests {

    private static final String PROVIDER = """
            apiVersion: warden/v1
            kind: Provider
            metadata: {name: openai}
            spec:
              type: openai
              baseUrl: https://api.openai.com/v1/
              apiKey: ${env:OPENAI_API_KEY}
              timeouts: {connect: 500ms, read: 2m}
            """;
    private static final String ROUTE = """
            apiVersion: warden/v1
            kind: Route
            metadata: {name: gpt-4o-mini}
            spec:
              targets:
                - {provider: openai, model: gpt-4o-mini-2024-07-18}
            """;

    @TempDir
    Path directory;

    @Test
    void loadsProvidersAndRoutesFromEveryYamlFileBelowTheDirectory() throws IOException {
        Files.createDirectories(directory.resolve("routes"));
        Files.writeString(directory.resolve("providers.yaml"), PROVIDER);
        Files.writeString(directory.resolve("routes/chat.yml"), ROUTE);
        Files.writeString(directory.resolve("README.md"), "not a policy");

        var bundle = PolicyLoader.fromDirectory(directory);

        var provider = bundle.provider("openai");
        assertThat(provider.type()).isEqualTo(ProviderType.OPENAI);
        assertThat(provider.baseUrl()).hasToString("https://api.openai.com/v1");
        assertThat(provider.apiKey()).contains(new SecretRef("OPENAI_API_KEY"));
        assertThat(provider.locality()).isEqualTo(Locality.FRONTIER);
        assertThat(provider.timeouts()).isEqualTo(new Timeouts(Duration.ofMillis(500), Duration.ofMinutes(2)));
        assertThat(bundle.route("gpt-4o-mini")).hasValueSatisfying(route ->
                assertThat(route.targets()).containsExactly(new Target("openai", "gpt-4o-mini-2024-07-18")));
    }

    @Test
    void givesLocalServersLocalLocalityAndDefaultTimeouts() {
        var bundle = PolicyLoader.fromSources(List.of(source("""
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: ollama}
                spec: {type: openai-compatible, baseUrl: "http://localhost:11434/v1"}
                """)));

        assertThat(bundle.provider("ollama").locality()).isEqualTo(Locality.LOCAL);
        assertThat(bundle.provider("ollama").timeouts()).isEqualTo(Timeouts.defaults());
        assertThat(bundle.provider("ollama").apiKey()).isEmpty();
    }

    @Test
    void revisionDependsOnContentNotOnLineEndingsOrFileOrder() {
        var one = PolicyLoader.fromSources(List.of(new PolicySource("a.yaml", PROVIDER), new PolicySource("b.yaml", ROUTE)));
        var reordered = PolicyLoader.fromSources(List.of(new PolicySource("b.yaml", ROUTE),
                new PolicySource("a.yaml", PROVIDER.replace("\n", "\r\n"))));
        var changed = PolicyLoader.fromSources(List.of(new PolicySource("a.yaml", PROVIDER),
                new PolicySource("b.yaml", ROUTE.replace("gpt-4o-mini-2024-07-18", "gpt-4o"))));

        assertThat(one.revision()).isEqualTo(reordered.revision()).hasSize(16);
        assertThat(changed.revision()).isNotEqualTo(one.revision());
    }

    @Test
    void reportsEveryProblemWithItsFileAndLine() {
        var broken = """
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: openai}
                spec: {type: openai, baseUrl: "https://api.openai.com/v1", apiKey: sk-live-123, colour: blue}
                ---
                apiVersion: warden/v1
                kind: Route
                metadata: {name: chat}
                spec:
                  targets: [{provider: nowhere, model: m}]
                """;

        assertThatThrownBy(() -> PolicyLoader.fromSources(List.of(source(broken))))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems())
                        .extracting(PolicyProblem::toString)
                        .containsExactlyInAnyOrder(
                                "policies.yaml:4:68: Provider 'openai': 'apiKey' must be a reference such as ${env:OPENAI_API_KEY};"
                                        + " secrets are never written in policy files",
                                "policies.yaml:4:81: Provider 'openai': unknown field 'colour' (expected one of apiKey, apiVersion,"
                                        + " baseUrl, circuitBreaker, locality, maxConnections, maxTokens, model, timeouts, tokenizer,"
                                        + " type)",
                                "policies.yaml:10:24: Route 'chat': target refers to unknown provider 'nowhere' (known: openai)"));
    }

    @Test
    void aProvidersConnectionBoundIsItsOwnOrTheDefault() {
        var bundle = PolicyLoader.fromSources(List.of(source("""
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: small}
                spec: {type: openai-compatible, baseUrl: "http://10.0.0.7:8000/v1", maxConnections: 64}
                ---
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: usual}
                spec: {type: openai, baseUrl: "https://api.openai.com/v1"}
                """)));

        assertThat(bundle.provider("small").maxConnections()).isEqualTo(64);
        assertThat(bundle.provider("usual").maxConnections()).isEqualTo(ProviderSpec.DEFAULT_MAX_CONNECTIONS);
    }

    @Test
    void refusesAConnectionBoundOutOfRangeOrOnAnInProcessProvider() {
        var broken = """
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: none}
                spec: {type: openai, baseUrl: "https://api.openai.com/v1", maxConnections: 0}
                ---
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: huge}
                spec: {type: openai, baseUrl: "https://api.openai.com/v1", maxConnections: 100000}
                ---
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: local}
                spec: {type: onnx, maxConnections: 8}
                """;

        assertThatThrownBy(() -> PolicyLoader.fromSources(List.of(source(broken))))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems())
                        .extracting(PolicyProblem::toString)
                        .containsExactlyInAnyOrder(
                                "policies.yaml:4:76: Provider 'none': 'maxConnections' must be a whole number of at least 1, got 0",
                                "policies.yaml:9:76: Provider 'huge': 'maxConnections' may be at most 65536, got 100000",
                                "policies.yaml:14:36: Provider 'local': an onnx provider runs in-process and takes no 'maxConnections'"));
    }

    @Test
    void refusesUnknownKindsAndTopLevelFields() {
        var unknown = "apiVersion: warden/v1\nkind: Policy\nmetadata: {name: x}\nspec: {}\nstatus: {}\n";

        assertThatThrownBy(() -> PolicyLoader.fromSources(List.of(source(unknown))))
                .hasMessageContaining("policies.yaml:2:7: unknown kind 'Policy'")
                .hasMessageContaining("policies.yaml:5:1: unknown top-level field 'status'");
    }

    @Test
    void refusesDuplicateNamesBadDurationsWrongVersionsAndUnknownTypes() {
        var text = PROVIDER + "---\n" + PROVIDER + "---\n" + PROVIDER.replace("name: openai", "name: slow").replace("500ms", "soon") + """
                ---
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: other}
                spec: {type: mystery, baseUrl: "ftp://x"}
                ---
                apiVersion: warden/v2
                kind: Provider
                metadata: {name: future}
                spec: {type: openai, baseUrl: "https://example.com"}
                """;

        assertThatThrownBy(() -> PolicyLoader.fromSources(List.of(source(text))))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.getMessage())
                        .contains("duplicate Provider name 'openai'")
                        .contains("'timeouts.connect' must be a positive duration")
                        .contains("apiVersion must be warden/v1")
                        .contains("unknown type 'mystery'")
                        .contains("'baseUrl' must be an absolute http or https URL"));
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirPosition() {
        assertThatThrownBy(() -> PolicyLoader.fromSources(List.of(source("kind: Provider\nmetadata: [unclosed\n"))))
                .isInstanceOfSatisfying(PolicyException.class, e -> {
                    var problem = e.problems().getFirst();
                    assertThat(problem.message()).startsWith("not valid YAML");
                    assertThat(problem.line()).isPositive();
                });
    }

    private static PolicySource source(String text) {
        return new PolicySource("policies.yaml", text);
    }
}
