package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The policy side of in-process models: onnx providers and IntentExamples documents. */
class LocalModelPolicyTests {

    @Test
    void anOnnxProviderNeedsNoUrlAndDefaultsToTheBuiltInModel() {
        var bundle = load("""
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: embedder}
                spec: {type: onnx}
                """);

        var provider = bundle.provider("embedder");
        assertThat(provider.inProcess()).isTrue();
        assertThat(provider.locality()).isEqualTo(Locality.LOCAL);
        assertThat(provider.onnx()).contains(OnnxModelSpec.BUILT_IN);
        assertThat(provider.onnx().orElseThrow().builtIn()).isTrue();
    }

    @Test
    void anOnnxProviderMayNameItsOwnModelTokenizerAndLength() {
        var bundle = load("""
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: e5}
                spec: {type: onnx, model: /models/e5.onnx, tokenizer: /models/tokenizer.json, maxTokens: 512}
                """);

        var onnx = bundle.provider("e5").onnx().orElseThrow();
        assertThat(onnx.model()).contains("/models/e5.onnx");
        assertThat(onnx.tokenizer()).contains("/models/tokenizer.json");
        assertThat(onnx.maxTokens()).isEqualTo(512);
        assertThat(onnx.builtIn()).isFalse();
    }

    @Test
    void refusesOnnxFieldsThatDoNotFit() {
        assertThatThrownBy(() -> load("""
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: half}
                spec: {type: onnx, model: /models/e5.onnx, baseUrl: "http://localhost:1", maxTokens: 4096}
                ---
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: remote}
                spec: {type: openai, baseUrl: "https://api.openai.com/v1", tokenizer: /t.json}
                """)).isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.getMessage())
                .contains("'model' and 'tokenizer' go together")
                .contains("an onnx provider runs in-process and takes no 'baseUrl'")
                .contains("'maxTokens' may be at most 512")
                .contains("'tokenizer' applies only to onnx providers"));
    }

    @Test
    void readsIntentExamples() {
        var bundle = load("""
                apiVersion: warden/v1
                kind: IntentExamples
                metadata: {name: payments-team}
                spec:
                  intents:
                    review: ["Check this ledger migration for double-booking bugs"]
                    create: ["Write the reconciliation job", "Draft a refund email"]
                """);

        var examples = bundle.intentExamples().getFirst();
        assertThat(examples.name()).isEqualTo("payments-team");
        assertThat(examples.replaceDefaults()).isFalse();
        assertThat(examples.examples().get(Intent.CREATE)).containsExactly("Write the reconciliation job", "Draft a refund email");
        assertThat(examples.size()).isEqualTo(3);
    }

    @Test
    void refusesUnknownIntentsAndIncompleteReplacements() {
        assertThatThrownBy(() -> load("""
                apiVersion: warden/v1
                kind: IntentExamples
                metadata: {name: ours}
                spec:
                  replaceDefaults: true
                  intents:
                    summarise: ["Summarise this thread"]
                    create: ["Write a haiku", 42]
                """)).isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.getMessage())
                .contains("policies.yaml:7:5: IntentExamples 'ours': unknown intent 'summarise'")
                .contains("'intents.create' must hold non-empty strings")
                .contains("with replaceDefaults, every intent needs examples; missing: explain, review, analyse, translate, other"));
    }

    private static PolicyBundle load(String text) {
        return PolicyLoader.fromSources(List.of(new PolicySource("policies.yaml", text)));
    }
}
