package dev.warden.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.warden.policy.OnnxModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in model's embeddings against LangChain4j's own implementation of the same model
 * (its tokenizer handling, pooling and normalisation, written independently of ours).
 */
class OnnxEncoderTests {

    static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "Write a Java method that parses ISO-8601 durations.",
            "Quelle est la capitale de l'Australie ?",
            "SELECT count(*) FROM decisions WHERE team = 'payments' AND created_at > now() - interval '1 day';",
            "ok",
            "Explain why the circuit breaker opened at 03:14 UTC even though the error rate was only 12%.",
            "東京の天気はどうですか",
            "   leading and trailing spaces, CAPITALS, and émojis 🚀🚀 should not break anything   ",
            "def f(x):\n    return x ** 2  # square it\n",
            "Prices rose 3.2% year on year in October, the ECB said on Thursday.");

    static OnnxEncoder encoder;
    static AllMiniLmL6V2QuantizedEmbeddingModel reference;

    @BeforeAll
    static void load() {
        encoder = ModelFiles.load(OnnxModelSpec.BUILT_IN, 2);
        reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void matchesAnIndependentImplementationOnVariedSentences() {
        for (var sentence : SENTENCES) {
            var ours = encoder.embed(List.of(sentence)).vectors()[0];
            var theirs = reference.embed(sentence).content().vector();
            assertThat(cosine(ours, theirs)).as(sentence).isGreaterThanOrEqualTo(0.999);
        }
    }

    @Test
    void producesUnitVectorsOf384Dimensions() {
        assertThat(encoder.dimensions()).isEqualTo(384);
        for (var vector : encoder.embed(SENTENCES).vectors()) {
            assertThat(vector).hasSize(384);
            assertThat(cosine(vector, vector)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void detectsThatTheQuantisedModelGivesOtherVectorsInABatch() {
        assertThat(encoder.batchSensitive()).isTrue();
        var batched = encoder.embed(SENTENCES).vectors();
        var alone = encoder.embed(List.of(SENTENCES.getFirst())).vectors()[0];
        assertThat(cosine(batched[0], alone)).isLessThan(0.9999).isGreaterThan(0.98);
    }

    @Test
    void truncatesLongInputsToTheirFirstTokens() {
        var text = LONG_TEXT;
        var embedded = encoder.embed(List.of(text));
        assertThat(embedded.tokens()[0]).isEqualTo(OnnxModelSpec.DEFAULT_MAX_TOKENS);
        assertThat(encoder.truncatedText(text).length()).isLessThan(text.length());
        var longer = encoder.embed(List.of(text + " Anything past the limit is not read, however long it goes on.")).vectors()[0];
        assertThat(cosine(embedded.vectors()[0], longer)).isGreaterThanOrEqualTo(0.999999);
    }

    /**
     * LangChain4j reads this model's tokenizer.json as it is, which truncates at 128 tokens, and
     * splits only texts longer than 510 tokens: so for a text of 128 to 510 tokens, an encoder
     * truncating at 128 must agree with it.
     */
    @Test
    void truncationMatchesAnIndependentImplementationOnLongInputs() {
        try (var at128 = ModelFiles.load(new OnnxModelSpec(Optional.empty(), Optional.empty(), 128), 1)) {
            assertThat(encoder.countTokens(LONG_TEXT)).isEqualTo(256);
            var ours = at128.embed(List.of(LONG_TEXT));
            assertThat(ours.tokens()[0]).isEqualTo(128);
            var theirs = reference.embed(TextSegment.from(LONG_TEXT)).content().vector();
            assertThat(cosine(ours.vectors()[0], theirs)).isGreaterThanOrEqualTo(0.999);
        }
    }

    @Test
    void loadsAModelAndItsTokenizerFromFilePaths(@TempDir Path directory) throws IOException {
        var model = Files.write(directory.resolve("model.onnx"), ModelFiles.read(ModelFiles.BUILT_IN_MODEL));
        var tokenizer = Files.write(directory.resolve("tokenizer.json"), ModelFiles.read(ModelFiles.BUILT_IN_TOKENIZER));
        var spec = new OnnxModelSpec(Optional.of(model.toString()), Optional.of(tokenizer.toString()), 256);

        try (var fromFiles = ModelFiles.load(spec, 1)) {
            var sentence = SENTENCES.getFirst();
            assertThat(cosine(fromFiles.embed(List.of(sentence)).vectors()[0], encoder.embed(List.of(sentence)).vectors()[0]))
                    .isGreaterThanOrEqualTo(0.99999);
        }
    }

    @Test
    void aMissingModelFileIsAClearError() {
        var spec = new OnnxModelSpec(Optional.of("/nonexistent/model.onnx"), Optional.of("/nonexistent/tokenizer.json"), 256);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelFiles.load(spec, 1))
                .hasMessageContaining("cannot load the ONNX model /nonexistent/model.onnx");
    }

    /** About 420 tokens of varied prose and code. */
    static final String LONG_TEXT = String.join(" ", SENTENCES).repeat(3)
            + " Finally, the decision log keeps one record per request, written to a local spool before PostgreSQL.";

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
