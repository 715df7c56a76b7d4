package dev.warden.gateway.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.fake.FakeProvider.Format;
import dev.warden.gateway.fake.WireReading.Event;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each format's normal answers, read as that provider's clients read them. */
class FakeProviderFormatTests {

    private static final String MODEL = "model-a";
    private static final String TEXT = "Hello from the fake";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private FakeProvider fake;

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void answersAWholeChatWithTheFakesText(Format format) throws Exception {
        fake = FakeProvider.start(format);

        var response = send(ProviderCall.chat(format, MODEL, false, false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(WireReading.text(format, FakeProvider.parse(response.body()))).isEqualTo(TEXT);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void streamsTheTextInFourPiecesAndEndsAsTheFormatSays(Format format) throws Exception {
        fake = FakeProvider.start(format);

        var response = send(ProviderCall.chat(format, MODEL, true, false));

        var events = WireReading.events(response.body());
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
        assertThat(WireReading.text(format, events)).isEqualTo(TEXT);
        assertThat(events.stream().filter(event -> !WireReading.text(format, List.of(event)).isEmpty())).hasSize(4);
        assertThat(WireReading.hasEndMarker(format, events)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void recordsWhichModelEachRequestIsFor(Format format) throws Exception {
        fake = FakeProvider.start(format);

        send(ProviderCall.chat(format, "model-b", false, false));
        send(ProviderCall.chat(format, MODEL, false, false));

        assertThat(fake.receivedFor(MODEL)).containsExactly(fake.last());
        assertThat(fake.receivedFor("model-b")).hasSize(1);
    }

    @Test
    void openAiStreamsUsageInAFinalChunkWithNoChoices() throws Exception {
        fake = FakeProvider.start(Format.OPENAI);

        var events = WireReading.events(send(ProviderCall.chat(Format.OPENAI, MODEL, true, false)).body());

        assertThat(events.getLast().data()).isEqualTo("[DONE]");
        var usage = events.get(events.size() - 2).json();
        assertThat(usage.path("choices").isEmpty()).isTrue();
        assertThat(usage.path("usage").path("prompt_tokens").asInt()).isEqualTo(11);
        assertThat(usage.path("usage").path("completion_tokens").asInt()).isEqualTo(7);
        assertThat(events.subList(0, events.size() - 2)).allSatisfy(event -> {
            assertThat(event.json().path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(event.json().get("usage").isNull()).isTrue();
        });
    }

    @Test
    void openAiStreamsToolCallArgumentsInTwoPieces() throws Exception {
        fake = FakeProvider.start(Format.OPENAI);

        var events = WireReading.events(send(ProviderCall.chat(Format.OPENAI, MODEL, true, true)).body());

        var calls = events.stream().filter(event -> event.data().contains("tool_calls\":["))
                .map(event -> event.json().path("choices").path(0).path("delta").path("tool_calls").path(0)).toList();
        assertThat(calls.getFirst().path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(calls).extracting(call -> call.path("function").path("arguments").asText())
                .containsExactly("{\"city\":", "\"Paris\"}");
        assertThat(events).anySatisfy(event -> assertThat(event.data()).contains("\"finish_reason\":\"tool_calls\""));
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"OPENAI", "AZURE_OPENAI"})
    void answersEmbeddingsAsFloatsOrBase64WithFiveTokensPerInput(Format format) throws Exception {
        fake = FakeProvider.start(format);

        var floats = FakeProvider.parse(send(ProviderCall.embeddings(format, "embedder", 3, false)).body());
        var base64 = FakeProvider.parse(send(ProviderCall.embeddings(format, "embedder", 1, true)).body());

        assertThat(floats.path("data")).hasSize(3);
        assertThat(floats.path("data").path(0).path("embedding").isArray()).isTrue();
        assertThat(floats.path("usage").path("prompt_tokens").asInt()).isEqualTo(15);
        assertThat(base64.path("data").path(0).path("embedding").asText()).isEqualTo("AAAAPgAAAL8AAEA/");
        assertThat(fake.last().path()).endsWith("/embeddings");
    }

    @Test
    void azureNamesTheModelByDeploymentAndOpensStreamsWithPromptFilterResults() throws Exception {
        fake = FakeProvider.start(Format.AZURE_OPENAI);

        var events = WireReading.events(send(ProviderCall.chat(Format.AZURE_OPENAI, "my-deployment", true, false)).body());

        assertThat(events.getFirst().json().path("choices").isEmpty()).isTrue();
        assertThat(events.getFirst().json().path("prompt_filter_results").isArray()).isTrue();
        assertThat(fake.last().path()).isEqualTo("/openai/deployments/my-deployment/chat/completions");
        assertThat(fake.last().query()).isEqualTo("api-version=2024-10-21");
        assertThat(fake.receivedFor("my-deployment")).hasSize(1);
    }

    @Test
    void azureRequiresAnApiKeyAndAnApiVersion() throws Exception {
        fake = FakeProvider.start(Format.AZURE_OPENAI);
        var call = ProviderCall.chat(Format.AZURE_OPENAI, MODEL, false, false);

        var withoutKey = send(call.without("api-key"));
        var withoutVersion = send(call.withTarget("/openai/deployments/model-a/chat/completions"));

        assertThat(withoutKey.statusCode()).isEqualTo(401);
        assertThat(FakeProvider.parse(withoutKey.body()).path("error").path("code").asText()).isEqualTo("401");
        assertThat(withoutVersion.statusCode()).isEqualTo(404);
    }

    @Test
    void anthropicStreamsTheRealEventSequence() throws Exception {
        fake = FakeProvider.start(Format.ANTHROPIC);

        var events = WireReading.events(send(ProviderCall.chat(Format.ANTHROPIC, MODEL, true, false)).body());

        assertThat(events).extracting(Event::name).containsExactly("message_start", "content_block_start", "ping",
                "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");
        assertThat(events).allSatisfy(event -> assertThat(event.json().path("type").asText()).isEqualTo(event.name()));
        assertThat(events.get(3).json().path("delta").path("type").asText()).isEqualTo("text_delta");
        assertThat(events.getFirst().json().path("message").path("usage").path("input_tokens").asInt()).isEqualTo(11);
        var delta = events.get(8).json();
        assertThat(delta.path("delta").path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(delta.path("usage").path("output_tokens").asInt()).isEqualTo(7);
    }

    @Test
    void anthropicAnswersToolUseWholeAndStreamedAsInputJsonDeltas() throws Exception {
        fake = FakeProvider.start(Format.ANTHROPIC);

        var whole = FakeProvider.parse(send(ProviderCall.chat(Format.ANTHROPIC, MODEL, false, true)).body());
        var events = WireReading.events(send(ProviderCall.chat(Format.ANTHROPIC, MODEL, true, true)).body());

        assertThat(whole.path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(whole.path("content").path(0).path("name").asText()).isEqualTo("get_weather");
        assertThat(whole.path("content").path(0).path("input").path("city").asText()).isEqualTo("Paris");
        assertThat(whole.path("usage").path("output_tokens").asInt()).isEqualTo(7);
        assertThat(events.get(1).json().path("content_block").path("type").asText()).isEqualTo("tool_use");
        assertThat(events.stream().filter(event -> "content_block_delta".equals(event.name())))
                .extracting(event -> event.json().path("delta").path("partial_json").asText())
                .containsExactly("{\"city\":", "\"Paris\"}");
        assertThat(events.get(events.size() - 2).data()).contains("\"stop_reason\":\"tool_use\"");
    }

    @Test
    void anthropicRequiresAnApiKeyAndAVersionHeader() throws Exception {
        fake = FakeProvider.start(Format.ANTHROPIC);
        var call = ProviderCall.chat(Format.ANTHROPIC, MODEL, false, false);

        var withoutKey = send(call.without("x-api-key"));
        var withoutVersion = send(call.without("anthropic-version"));

        assertThat(withoutKey.statusCode()).isEqualTo(401);
        assertThat(error(withoutKey).path("type").asText()).isEqualTo("error");
        assertThat(error(withoutKey).path("error").path("type").asText()).isEqualTo("authentication_error");
        assertThat(withoutVersion.statusCode()).isEqualTo(400);
        assertThat(error(withoutVersion).path("error").path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void geminiSeparatesEventsWithCrlfAndEndsWithFinishReasonAndUsage() throws Exception {
        fake = FakeProvider.start(Format.GEMINI);

        var body = send(ProviderCall.chat(Format.GEMINI, MODEL, true, false)).body();

        assertThat(body).startsWith("data: {").endsWith("}\r\n\r\n").doesNotContain("}\n\n");
        var last = WireReading.events(body).getLast().json();
        assertThat(last.path("candidates").path(0).path("finishReason").asText()).isEqualTo("STOP");
        assertThat(last.path("usageMetadata").path("promptTokenCount").asInt()).isEqualTo(11);
        assertThat(last.path("usageMetadata").path("candidatesTokenCount").asInt()).isEqualTo(7);
        assertThat(fake.last().path()).isEqualTo("/v1beta/models/model-a:streamGenerateContent");
        assertThat(fake.last().query()).isEqualTo("alt=sse");
    }

    @Test
    void geminiAnswersAFunctionCallWhenTheRequestHasTools() throws Exception {
        fake = FakeProvider.start(Format.GEMINI);

        var whole = FakeProvider.parse(send(ProviderCall.chat(Format.GEMINI, MODEL, false, true)).body());

        var call = whole.path("candidates").path(0).path("content").path("parts").path(0).path("functionCall");
        assertThat(call.path("name").asText()).isEqualTo("get_weather");
        assertThat(call.path("args").path("city").asText()).isEqualTo("Paris");
    }

    @Test
    void geminiTakesTheKeyFromAHeaderOrTheQueryAndOtherwiseDeniesInItsErrorShape() throws Exception {
        fake = FakeProvider.start(Format.GEMINI);
        var call = ProviderCall.chat(Format.GEMINI, MODEL, false, false).without("x-goog-api-key");

        var denied = send(call);
        var byQuery = send(call.withTarget(call.target() + "?key=gemini-test"));

        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(error(denied).path("error").path("status").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(error(denied).path("error").path("code").asInt()).isEqualTo(403);
        assertThat(byQuery.statusCode()).isEqualTo(200);
    }

    @Test
    void geminiStreamsOneJsonArrayWithoutAltSse() throws Exception {
        fake = FakeProvider.start(Format.GEMINI);
        var call = ProviderCall.chat(Format.GEMINI, MODEL, true, false);

        var array = FakeProvider.parse(send(call.withTarget(call.target().replace("?alt=sse", ""))).body());

        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(4);
        assertThat(array.get(3).path("candidates").path(0).path("finishReason").asText()).isEqualTo("STOP");
    }

    private HttpResponse<String> send(ProviderCall call) throws IOException, InterruptedException {
        return client.send(call.toRequest(fake), BodyHandlers.ofString());
    }

    private static JsonNode error(HttpResponse<String> response) {
        return FakeProvider.parse(response.body());
    }
}
