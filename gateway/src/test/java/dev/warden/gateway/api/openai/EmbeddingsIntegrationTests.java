package dev.warden.gateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.TestPolicies;
import dev.warden.gateway.WardenIntegrationTest;
import org.junit.jupiter.api.Test;

class EmbeddingsIntegrationTests extends WardenIntegrationTest {

    @Test
    void relaysBatchedEmbeddingsAndRecordsTheirTokens() {
        var key = newKey("embed");
        var body = "{\"model\":\"" + TestPolicies.EMBEDDING + "\",\"input\":[\"one\",\"two\"],\"dimensions\":3}";

        var response = post("/v1/embeddings", key, body);

        assertThat(response.statusCode()).isEqualTo(200);
        var json = json(response.body());
        assertThat(json.path("data")).hasSize(2);
        assertThat(json.path("data").path(1).path("index").asInt()).isEqualTo(1);
        assertThat(FAKE.lastRequestFor(TestPolicies.EMBEDDING).path()).isEqualTo("/v1/embeddings");
        var row = Decisions.awaitRow(jdbc, response.headers().firstValue("x-warden-decision-id").orElseThrow());
        assertThat(row.get("endpoint")).isEqualTo("/v1/embeddings");
        assertThat(row.get("tokens_in")).isEqualTo(10);
    }

    @Test
    void relaysBase64Embeddings() {
        var key = newKey("embed");

        var response = post("/v1/embeddings", key, "{\"model\":\"" + TestPolicies.EMBEDDING + "\",\"input\":\"x\",\"encoding_format\":\"base64\"}");

        assertThat(json(response.body()).path("data").path(0).path("embedding").asText()).isEqualTo("AAAAPgAAAL8AAEA/");
    }
}
