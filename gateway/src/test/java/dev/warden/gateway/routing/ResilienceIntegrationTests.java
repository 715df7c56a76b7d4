package dev.warden.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.gateway.fake.Faults;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResilienceIntegrationTests extends FaultTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"openai", "gemini", "anthropic"})
    void retriesATargetThatFailsBrieflyAndRecordsEveryAttempt(String provider) {
        fake(provider).clear();

        var response = post("/v1/chat/completions", newKey("retry"), chat(provider + "-flaky"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-warden-fallback")).isEmpty();
        var record = Decisions.await(jdbc, decisionId(response));
        assertThat(json(record.get("attempts").toString())).hasSize(3);
        assertThat(json(record.get("attempts").toString()).path(0).path("status").asInt()).isEqualTo(503);
        assertThat(json(record.get("attempts").toString()).path(2).path("status").asInt()).isEqualTo(200);
    }

    @Test
    void fallsBackFromAStreamWhoseFirstEventIsLateAndSaysSo() {
        var response = post("/v1/chat/completions", newKey("fallback"),
                chat("slow-stream-or-local").replace("{\"model\"", "{\"stream\":true,\"model\""));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-warden-fallback")).hasValue("true");
        assertThat(response.body()).contains("chat.completion.chunk").endsWith("data: [DONE]\n\n");
        var record = Decisions.await(jdbc, decisionId(response));
        assertThat(record.get("provider")).isEqualTo("compatible");
        assertThat(record.get("attempts").toString()).contains("no first event within 1000 ms");
    }

    @Test
    void fallsBackToALocalTargetWhenTheFrontierIsDownAndSaysSo() {
        var response = post("/v1/chat/completions", newKey("fallback"), chat("frontier-down"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-warden-fallback")).hasValue("true");
        assertThat(response.headers().firstValue("x-warden-route")).hasValue("compatible/" + OK);
        var record = Decisions.await(jdbc, decisionId(response));
        assertThat(record.get("fallback_used")).isEqualTo(true);
        assertThat(record.get("provider")).isEqualTo("compatible");
    }

    @Test
    void opensTheCircuitOfAFailingTargetAndSkipsIt() {
        var key = newKey("breaker");
        for (int i = 0; i < 2; i++) {
            assertThat(post("/v1/chat/completions", key, chat("breaker-route")).statusCode()).isEqualTo(200);
        }
        var before = fake("openai").receivedFor(Faults.SERVER_ERROR).size();

        var response = post("/v1/chat/completions", key, chat("breaker-route"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(fake("openai").receivedFor(Faults.SERVER_ERROR)).hasSize(before);
        var record = Decisions.await(jdbc, decisionId(response));
        assertThat(record.get("attempts").toString()).contains("circuit open");
        assertThat(circuit("breaker")).isEqualTo("OPEN");
    }

    @Test
    void aRequestTheProviderCannotTakeLeavesAHalfOpenCircuitsTrialCallsToOthers() throws InterruptedException {
        var key = newKey("trial");
        var upstream = fake("gemini");
        // Open the circuit, whatever an earlier run in this context left it in.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            post("/v1/chat/completions", key, chat("trial-route"));
            return circuit("trial").equals("OPEN");
        });
        Thread.sleep(1_200); // past the circuit's openFor: the next permission asked for half-opens it, with three trial calls
        var untranslatable = """
                {"model":"trial-route","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"retrieval"}]}""";
        for (int i = 0; i < 3; i++) {
            var refused = post("/v1/chat/completions", key, untranslatable);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("cannot be sent to Gemini");
        }
        int calledBefore = upstream.receivedFor(Faults.SERVER_ERROR).size();

        var response = post("/v1/chat/completions", key, chat("trial-route"));

        // Nothing was sent for the three refused requests, so a trial call was still there to make.
        assertThat(upstream.receivedFor(Faults.SERVER_ERROR)).hasSize(calledBefore + 1);
        var attempts = Decisions.await(jdbc, decisionId(response)).get("attempts").toString();
        assertThat(attempts).doesNotContain("circuit open").contains("trial");
    }

    private String circuit(String provider) {
        return json(get("/admin/api/providers", adminToken()).body()).findValues("models").stream()
                .flatMap(models -> StreamSupport.stream(models.spliterator(), false))
                .filter(model -> model.path("provider").asText().equals(provider)).findFirst()
                .map(model -> model.path("circuit").asText()).orElse("none");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "gemini"})
    void cancelsTheUpstreamPromptlyWhenTheClientGoesAwayMidStream(String provider) throws IOException {
        var upstream = fake(provider);
        upstream.clear();
        var body = "{\"model\":\"gated-" + provider + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        var response = http().sendAsync(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                .header("Authorization", "Bearer " + newKey("leaver")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofInputStream()).join();
        var id = response.headers().firstValue("x-warden-decision-id").orElseThrow();

        try (InputStream in = response.body()) {
            assertThat(in.read(new byte[16])).isPositive();
        }
        upstream.releaseGate();

        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.clientDisconnected(Faults.GATED));
        var record = Decisions.await(jdbc, id);
        assertThat(record.get("outcome")).isEqualTo("client_aborted");
    }

    @Test
    void fallsBackAtOnceFromAProviderWhoseConnectionsAreAllInUseAndSaysWhy() throws IOException {
        var upstream = fake("openai");
        upstream.clear();
        var key = newKey("narrow");
        var gated = "{\"model\":\"narrow-gated\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        var holding = http().sendAsync(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(gated)).build(),
                HttpResponse.BodyHandlers.ofInputStream()).join();

        try (InputStream in = holding.body()) {
            // the stream's first event arrived: it holds the provider's one connection until the gate opens
            assertThat(in.read(new byte[16])).isPositive();

            var response = post("/v1/chat/completions", key, chat("narrow-or-local"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-warden-fallback")).hasValue("true");
            assertThat(response.headers().firstValue("x-warden-route")).hasValue("compatible/" + OK);
            var attempts = json(Decisions.await(jdbc, decisionId(response)).get("attempts").toString());
            assertThat(attempts.path(0).path("provider").asText()).isEqualTo("narrow");
            assertThat(attempts.path(0).path("error").asText())
                    .isEqualTo("provider 'narrow' has all 1 of its connections (maxConnections) in use, and none came free within 300 ms");
        } finally {
            upstream.releaseGate();
        }
    }

    private static String decisionId(HttpResponse<String> response) {
        return response.headers().firstValue("x-warden-decision-id").orElseThrow();
    }
}
