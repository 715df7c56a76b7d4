package dev.warden.gateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.warden.gateway.TestPolicies;
import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.fake.ChatResponses;
import dev.warden.gateway.fake.FakeOpenAi;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK works against Warden by changing only its base URL and key. */
class OpenAiSdkIntegrationTests extends WardenIntegrationTest {

    @Test
    void chatsThroughTheGateway() {
        var client = client(newKey("sdk"));

        var completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(FakeOpenAi.MODEL).addUserMessage("Say hello").build());

        assertThat(completion.choices().getFirst().message().content()).hasValue("Hello from the fake");
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(ChatResponses.PROMPT_TOKENS);
    }

    @Test
    void streamsAChatThroughTheGateway() {
        var client = client(newKey("sdk"));
        var params = ChatCompletionCreateParams.builder().model(FakeOpenAi.MODEL).addUserMessage("Say hello").build();

        String text;
        try (var stream = client.chat().completions().createStreaming(params)) {
            text = stream.stream()
                    .flatMap(chunk -> chunk.choices().stream())
                    .map(choice -> choice.delta().content().orElse(""))
                    .collect(Collectors.joining());
        }

        assertThat(text).isEqualTo("Hello from the fake");
    }

    @Test
    void callsToolsThroughTheGateway() {
        var client = client(newKey("sdk"));
        var tool = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_weather")
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object")).build())
                .build()).build();

        var completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(FakeOpenAi.MODEL).addUserMessage("Weather in Paris?").addTool(tool).build());

        var call = completion.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    }

    @Test
    void embedsThroughTheGateway() {
        var client = client(newKey("sdk"));

        var response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model(TestPolicies.EMBEDDING).input("The quick brown fox").build());

        assertThat(response.data().getFirst().embedding()).containsExactly(0.125f, -0.5f, 0.75f);
        assertThat(response.usage().promptTokens()).isEqualTo(5);
    }

    @Test
    void listsTheModelsTheCallerMayUse() {
        var client = client(newKey("sdk"));

        var ids = client.models().list().data().stream().map(Model::id).toList();

        assertThat(ids).contains(FakeOpenAi.MODEL, TestPolicies.ALIAS, TestPolicies.EMBEDDING);
        assertThat(client.models().retrieve(TestPolicies.ALIAS).id()).isEqualTo(TestPolicies.ALIAS);
    }

    @Test
    void surfacesGatewayErrorsAsTheSdksOwnExceptions() {
        var client = client(newKey("sdk"));
        var unknown = ChatCompletionCreateParams.builder().model("no-such-model").addUserMessage("hi").build();

        assertThatThrownBy(() -> client.chat().completions().create(unknown)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client("wk-invalid").chat().completions().create(unknown)).isInstanceOf(UnauthorizedException.class);
    }

    private OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().apiKey(key).baseUrl(url("/v1")).maxRetries(0).build();
    }
}
