package dev.warden.gateway.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.warden.gateway.fake.FakeProvider.Format;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP plumbing every format shares: base URLs, keep-alive, request bodies, recording. */
class FakeProviderTests {

    private FakeProvider fake;

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @ParameterizedTest
    @CsvSource({"OPENAI, /v1", "AZURE_OPENAI, ''", "ANTHROPIC, /v1", "GEMINI, /v1beta"})
    void givesTheBaseUrlAProviderIsConfiguredWith(Format format, String basePath) {
        fake = FakeProvider.start(format);

        assertThat(fake.baseUrl()).isEqualTo("http://127.0.0.1:" + fake.port() + basePath);
    }

    @Test
    void answersSeveralRequestsOnOneConnection() throws Exception {
        fake = FakeProvider.start(Format.OPENAI);
        var call = ProviderCall.chat(Format.OPENAI, "model-a", false, false);

        try (var raw = RawClient.connect(fake)) {
            raw.send(call.raw());
            var first = raw.readHead();
            raw.readBody(first);
            raw.send(call.raw());
            var second = raw.readHead();

            assertThat(WireReading.text(Format.OPENAI, FakeProvider.parse(raw.readBody(second)))).isEqualTo("Hello from the fake");
            assertThat(first.status()).isEqualTo(200);
        }
        assertThat(fake.received()).hasSize(2);
    }

    @Test
    void closesTheConnectionAfterTheAnswerWhenAsked() throws Exception {
        fake = FakeProvider.start(Format.ANTHROPIC);

        try (var raw = RawClient.connect(fake)) {
            raw.send(ProviderCall.chat(Format.ANTHROPIC, "model-a", false, false).raw("Connection: close"));
            var head = raw.readHead();
            raw.readBody(head);

            assertThat(head.headers()).containsEntry("connection", "close");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void readsAChunkedRequestBody() throws Exception {
        fake = FakeProvider.start(Format.OPENAI);
        var json = "{\"model\":\"chunked-model\",\"messages\":[]}";

        try (var raw = RawClient.connect(fake)) {
            raw.send("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "a\r\n" + json.substring(0, 10) + "\r\n"
                    + Integer.toHexString(json.length() - 10) + "\r\n" + json.substring(10) + "\r\n0\r\n\r\n");

            assertThat(raw.readHead().status()).isEqualTo(200);
        }
        assertThat(fake.last().json().path("model").asText()).isEqualTo("chunked-model");
    }

    @Test
    void recordsMethodPathQueryLowerCaseHeadersAndBody() throws Exception {
        fake = FakeProvider.start(Format.GEMINI);
        var call = ProviderCall.chat(Format.GEMINI, "gemini-fake", true, false);

        HttpClient.newHttpClient().send(call.toRequest(fake), BodyHandlers.ofString());

        var received = fake.last();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/v1beta/models/gemini-fake:streamGenerateContent");
        assertThat(received.query()).isEqualTo("alt=sse");
        assertThat(received.headers()).containsEntry("x-goog-api-key", "gemini-test");
        assertThat(received.header("X-Goog-Api-Key")).isEqualTo("gemini-test");
        assertThat(new String(received.body(), StandardCharsets.UTF_8)).isEqualTo(call.body());
        assertThat(received.json().path("contents").isArray()).isTrue();
    }

    @Test
    void answersAnUnknownPathWithTheFormatsNotFound() throws Exception {
        fake = FakeProvider.start(Format.ANTHROPIC);
        var call = ProviderCall.chat(Format.ANTHROPIC, "model-a", false, false).withTarget("/v1/complete");

        var response = HttpClient.newHttpClient().send(call.toRequest(fake), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(FakeProvider.parse(response.body()).path("error").path("type").asText()).isEqualTo("not_found_error");
    }

    @Test
    void clearsRequestsAndDisconnections() throws Exception {
        fake = FakeProvider.start(Format.OPENAI);
        disconnectDuringGatedStream();

        fake.clear();

        assertThat(fake.received()).isEmpty();
        assertThat(fake.clientDisconnected(Faults.GATED)).isFalse();
        assertThatThrownBy(fake::last).isInstanceOf(AssertionError.class);
    }

    @Test
    void noticesAClientThatLeavesMidStream() throws Exception {
        fake = FakeProvider.start(Format.OPENAI);

        disconnectDuringGatedStream();

        assertThat(fake.clientDisconnected(Faults.GATED)).isTrue();
        assertThat(fake.clientDisconnected("model-a")).isFalse();
    }

    @Test
    void doesNotCountAFinishedStreamAsADisconnection() throws Exception {
        fake = FakeProvider.start(Format.GEMINI);
        var call = ProviderCall.chat(Format.GEMINI, "model-a", true, false);

        HttpClient.newHttpClient().send(call.toRequest(fake), BodyHandlers.ofString());

        assertThat(fake.clientDisconnected("model-a")).isFalse();
    }

    private void disconnectDuringGatedStream() throws Exception {
        try (var raw = RawClient.connect(fake)) {
            raw.send(ProviderCall.chat(Format.OPENAI, Faults.GATED, true, false).raw());
            raw.readHead();
            raw.readChunk();
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> fake.clientDisconnected(Faults.GATED));
    }
}
