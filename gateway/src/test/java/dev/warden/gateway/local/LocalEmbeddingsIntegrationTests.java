package dev.warden.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.warden.gateway.TestPolicies;
import dev.warden.gateway.WardenIntegrationTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code /v1/embeddings} for {@code local/*} models, answered in-process by the built-in model. */
class LocalEmbeddingsIntegrationTests extends WardenIntegrationTest {

    private static final String MODEL = TestPolicies.LOCAL_EMBEDDING;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void answersInOpenAisShapeWithTheModelsOwnVectorAndRecordsTheDecision() {
        var key = newKey("local-embed");

        var response = post("/v1/embeddings", key, "{\"model\":\"" + MODEL + "\",\"input\":\"The quick brown fox\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-warden-route")).contains("local-onnx/all-minilm-l6-v2");
        var json = json(response.body());
        assertThat(json.path("object").asText()).isEqualTo("list");
        assertThat(json.path("model").asText()).isEqualTo("all-minilm-l6-v2");
        var item = json.path("data").path(0);
        assertThat(item.path("object").asText()).isEqualTo("embedding");
        assertThat(item.path("index").asInt()).isZero();
        var vector = floats(item.path("embedding"));
        assertThat(vector).hasSize(384);
        var expected = TestModels.builtIn().embed(List.of("The quick brown fox"));
        assertThat(OnnxEncoderTests.cosine(vector, expected.vectors()[0])).isGreaterThanOrEqualTo(0.99999);
        assertThat(json.path("usage").path("prompt_tokens").asInt()).isEqualTo(expected.tokens()[0]);
        assertThat(json.path("usage").path("total_tokens").asInt()).isEqualTo(expected.tokens()[0]);

        var row = awaitRow(response.headers().firstValue("x-warden-decision-id").orElseThrow());
        assertThat(row.get("provider")).isEqualTo("local-onnx");
        assertThat(row.get("model_used")).isEqualTo("all-minilm-l6-v2");
        assertThat(row.get("endpoint")).isEqualTo("/v1/embeddings");
        assertThat(row.get("outcome")).isEqualTo("ok");
        assertThat(row.get("tokens_in")).isEqualTo(expected.tokens()[0]);
        assertThat(row.get("intent")).as("this bundle's conditions never use request.intent").isNull();
    }

    @Test
    void embedsEachInputOfABatchInOrderAsItWouldAlone() {
        var texts = List.of("short", "a somewhat longer sentence about decision logs", "Quelle heure est-il ?");

        var response = post("/v1/embeddings", newKey("local-embed"),
                "{\"model\":\"" + MODEL + "\",\"input\":[\"" + String.join("\",\"", texts) + "\"]}");

        assertThat(response.statusCode()).isEqualTo(200);
        var data = json(response.body()).path("data");
        assertThat(data).hasSize(3);
        int tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            assertThat(data.path(i).path("index").asInt()).isEqualTo(i);
            var alone = TestModels.builtIn().embed(List.of(texts.get(i)));
            assertThat(OnnxEncoderTests.cosine(floats(data.path(i).path("embedding")), alone.vectors()[0]))
                    .as(texts.get(i)).isGreaterThanOrEqualTo(0.99999);
            tokens += alone.tokens()[0];
        }
        assertThat(json(response.body()).path("usage").path("prompt_tokens").asInt()).isEqualTo(tokens);
    }

    @Test
    void concurrentRequestsEachGetTheirOwnTextsVector() throws Exception {
        var key = newKey("local-embed");
        var futures = new ArrayList<java.util.concurrent.Future<float[]>>();
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 48; i++) {
                var text = "request number " + i + " asks about topic " + (i * 7 % 11);
                futures.add(pool.submit(() -> floats(json(post("/v1/embeddings", key,
                        "{\"model\":\"" + MODEL + "\",\"input\":\"" + text + "\"}").body()).path("data").path(0).path("embedding"))));
            }
        }
        for (int i = 0; i < 48; i++) {
            var alone = TestModels.builtIn().embed(List.of("request number " + i + " asks about topic " + (i * 7 % 11))).vectors()[0];
            assertThat(OnnxEncoderTests.cosine(futures.get(i).get(), alone)).isGreaterThanOrEqualTo(0.99999);
        }
    }

    @Test
    void encodesBase64AsLittleEndianFloat32() {
        var key = newKey("local-embed");
        var floatsResponse = json(post("/v1/embeddings", key, "{\"model\":\"" + MODEL + "\",\"input\":\"base64 please\"}").body());
        var base64Response = json(post("/v1/embeddings", key,
                "{\"model\":\"" + MODEL + "\",\"input\":\"base64 please\",\"encoding_format\":\"base64\"}").body());

        var bytes = Base64.getDecoder().decode(base64Response.path("data").path(0).path("embedding").asText());
        var decoded = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(decoded);
        assertThat(decoded).containsExactly(floats(floatsResponse.path("data").path(0).path("embedding")));
    }

    @Test
    void worksWithTheOfficialOpenAiSdk() {
        var client = OpenAIOkHttpClient.builder().apiKey(newKey("local-embed")).baseUrl(url("/v1")).maxRetries(0).build();

        var result = client.embeddings().create(EmbeddingCreateParams.builder().model(MODEL)
                .inputOfArrayOfStrings(List.of("first", "second")).build());

        assertThat(result.data()).hasSize(2);
        assertThat(result.data().get(1).embedding()).hasSize(384);
        assertThat(result.usage().promptTokens()).isPositive();
    }

    @Test
    void refusesWhatALocalModelCannotDoInOpenAisErrorShape() {
        var key = newKey("local-embed");

        var tokens = post("/v1/embeddings", key, "{\"model\":\"" + MODEL + "\",\"input\":[[1,2,3]]}");
        var dimensions = post("/v1/embeddings", key, "{\"model\":\"" + MODEL + "\",\"input\":\"x\",\"dimensions\":256}");
        var format = post("/v1/embeddings", key, "{\"model\":\"" + MODEL + "\",\"input\":\"x\",\"encoding_format\":\"int8\"}");
        var empty = post("/v1/embeddings", key, "{\"model\":\"" + MODEL + "\",\"input\":[]}");

        assertThat(tokens.statusCode()).isEqualTo(400);
        assertThat(json(tokens.body()).path("error").path("message").asText()).contains("token arrays are not supported");
        assertThat(dimensions.statusCode()).isEqualTo(400);
        assertThat(json(dimensions.body()).path("error").path("message").asText()).contains("has 384 dimensions");
        assertThat(format.statusCode()).isEqualTo(400);
        assertThat(json(format.body()).path("error").path("message").asText()).contains("'encoding_format' must be float or base64");
        assertThat(empty.statusCode()).isEqualTo(400);
    }

    @Test
    void chatCannotBeRoutedToAnEmbeddingModel() {
        var response = post("/v1/chat/completions", newKey("local-embed"), chat(MODEL));

        assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(json(response.body()).path("error").path("message").asText())
                .contains("local-onnx/all-minilm-l6-v2: provider type onnx does not serve /chat/completions");
    }

    @Test
    void servesAsTheLocalFallbackOfARouteWhoseFirstTargetIsDown() {
        var response = post("/v1/embeddings", newKey("local-embed"),
                "{\"model\":\"" + TestPolicies.LOCAL_AFTER_DEAD + "\",\"input\":\"still answered\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-warden-fallback")).contains("true");
        assertThat(json(response.body()).path("data").path(0).path("embedding")).hasSize(384);
    }

    @Test
    void policiesApplyToLocalModelsAsToAnyOther() {
        var response = post("/v1/embeddings", newKey("no-local"), "{\"model\":\"" + MODEL + "\",\"input\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response.body()).path("error").path("message").asText()).contains("may not use local models");
    }

    @Test
    void limitsCountLocalRequestsAsAnyOther() {
        var key = newKey("local-limited");
        var body = "{\"model\":\"" + MODEL + "\",\"input\":\"counted\"}";

        assertThat(post("/v1/embeddings", key, body).statusCode()).isEqualTo(200);
        assertThat(post("/v1/embeddings", key, body).statusCode()).isEqualTo(200);
        var refused = post("/v1/embeddings", key, body);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(json(refused.body()).path("error").path("message").asText()).contains("local-embedding-requests");
    }

    private Map<String, Object> awaitRow(String id) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> jdbc.queryForList("SELECT * FROM decisions WHERE id = ?", UUID.fromString(id)),
                rows -> rows.size() == 1).getFirst();
    }

    private static float[] floats(com.fasterxml.jackson.databind.JsonNode array) {
        var result = new float[array.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = array.get(i).floatValue();
        }
        return result;
    }
}
