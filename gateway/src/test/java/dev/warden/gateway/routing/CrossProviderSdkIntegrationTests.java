package dev.warden.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The official SDKs, each routed to a provider of the other format: the Anthropic SDK against
 * {@code /v1/messages} served by an OpenAI upstream, the OpenAI SDK against
 * {@code /v1/chat/completions} served by an Anthropic upstream.
 */
class CrossProviderSdkIntegrationTests extends FaultTestSupport {

    @Test
    void anthropicSdkMessagesAreServedByAnOpenAiUpstream() {
        var message = anthropic(newKey("sdk")).messages().create(MessageCreateParams.builder()
                .model("openai-ok").maxTokens(100).addUserMessage("Say hello").build());

        assertThat(message.content().getFirst().asText().text()).isEqualTo("Hello from the fake");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isEqualTo(11);
        assertThat(fake("openai").last().json().path("max_tokens").asInt()).isEqualTo(100);
    }

    @Test
    void anthropicSdkStreamsAndCallsToolsThroughAnOpenAiUpstream() {
        var client = anthropic(newKey("sdk"));
        var tool = Tool.builder().name("get_weather").inputSchema(Tool.InputSchema.builder()
                .properties(com.anthropic.core.JsonValue.from(Map.of("city", Map.of("type", "string")))).build()).build();
        var accumulator = MessageAccumulator.create();

        try (var stream = client.messages().createStreaming(MessageCreateParams.builder()
                .model("openai-ok").maxTokens(100).addUserMessage("Weather in Paris?").addTool(tool).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        var message = accumulator.message();
        var toolUse = message.content().stream().filter(block -> block.isToolUse()).findFirst().orElseThrow().asToolUse();
        assertThat(toolUse.name()).isEqualTo("get_weather");
        assertThat(toolUse._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
    }

    @Test
    void openAiSdkChatsAndStreamsThroughAnAnthropicUpstream() {
        var client = openAi(newKey("sdk"));
        var params = ChatCompletionCreateParams.builder().model("anthropic-ok").addUserMessage("Say hello").build();

        var completion = client.chat().completions().create(params);
        String streamed;
        try (var stream = client.chat().completions().createStreaming(params)) {
            streamed = stream.stream().flatMap(chunk -> chunk.choices().stream())
                    .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
        }

        assertThat(completion.choices().getFirst().message().content()).hasValue("Hello from the fake");
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(7);
        assertThat(streamed).isEqualTo("Hello from the fake");
        assertThat(fake("anthropic").last().header("x-api-key")).isEqualTo("sk-fault-upstream");
    }

    @Test
    void openAiSdkCallsToolsThroughAnAnthropicUpstream() {
        var tool = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_weather")
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object")).build())
                .build()).build();

        var completion = openAi(newKey("sdk")).chat().completions().create(ChatCompletionCreateParams.builder()
                .model("anthropic-ok").addUserMessage("Weather in Paris?").addTool(tool).build());

        var call = completion.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(json(call.function().arguments())).isEqualTo(json("{\"city\":\"Paris\"}"));
        assertThat(fake("anthropic").last().json().path("tools").path(0).path("name").asText()).isEqualTo("get_weather");
    }

    @Test
    void anthropicSdkSeesGatewayErrorsInAnthropicsShape() {
        var params = MessageCreateParams.builder().model("no-such-model").maxTokens(10).addUserMessage("hi").build();

        assertThatThrownBy(() -> anthropic(newKey("sdk")).messages().create(params))
                .isInstanceOf(com.anthropic.errors.NotFoundException.class);
        assertThatThrownBy(() -> anthropic("wk-wrong").messages().create(params))
                .isInstanceOf(com.anthropic.errors.UnauthorizedException.class);
    }

    @Test
    void endsABrokenAnthropicStreamWithAnErrorEventNotMessageStop() {
        var body = "{\"model\":\"openai-fault-truncated\",\"max_tokens\":50,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        var response = send(HttpRequest.newBuilder(URI.create(url("/v1/messages")))
                .header("x-api-key", newKey("sdk")).header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("event: message_start", "event: error").doesNotContain("event: message_stop");
        assertThat(response.body().strip()).endsWith("}").contains("\"type\":\"error\"");
    }

    private AnthropicClient anthropic(String key) {
        return AnthropicOkHttpClient.builder().apiKey(key).baseUrl(url("")).maxRetries(0).build();
    }

    private OpenAIClient openAi(String key) {
        return OpenAIOkHttpClient.builder().apiKey(key).baseUrl(url("/v1")).maxRetries(0).build();
    }
}
