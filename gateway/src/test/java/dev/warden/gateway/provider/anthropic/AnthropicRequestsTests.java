package dev.warden.gateway.provider.anthropic;

import static dev.warden.gateway.GoldenJson.assertJson;
import static dev.warden.gateway.GoldenJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicRequestsTests {

    @Test
    void translatesAConversationWithParallelToolCallsAndTheirResults() {
        var openAi = json("""
                {
                  "model": "gpt-4o",
                  "messages": [
                    {"role": "system", "content": "You are a weather assistant."},
                    {"role": "developer", "content": [{"type": "text", "text": "Answer in Celsius."}]},
                    {"role": "user", "content": "What's the weather in Paris and Berlin?"},
                    {"role": "assistant", "content": "Let me check both.", "tool_calls": [
                      {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}},
                      {"id": "call_2", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Berlin\\", \\"days\\": 1.50}"}}
                    ]},
                    {"role": "tool", "tool_call_id": "call_1", "content": "18°C, sunny"},
                    {"role": "tool", "tool_call_id": "call_2", "content": [{"type": "text", "text": "12°C"}, {"type": "text", "text": "light rain"}]},
                    {"role": "assistant", "content": "Paris is 18°C and sunny; Berlin is 12°C with light rain."},
                    {"role": "user", "content": "And tomorrow?"}
                  ],
                  "tools": [{"type": "function", "function": {
                    "name": "get_weather", "description": "Current weather for a city", "strict": true,
                    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}],
                  "tool_choice": "auto",
                  "max_completion_tokens": 1024,
                  "temperature": 0.7,
                  "top_p": 0.9,
                  "frequency_penalty": 0.5,
                  "logprobs": true,
                  "seed": 42,
                  "response_format": {"type": "text"},
                  "user": "user-123"
                }
                """);

        var anthropic = AnthropicRequests.fromOpenAi(openAi, "claude-sonnet-4-5", false);

        assertJson(anthropic, """
                {
                  "model": "claude-sonnet-4-5",
                  "max_tokens": 1024,
                  "system": "You are a weather assistant.\\n\\nAnswer in Celsius.",
                  "messages": [
                    {"role": "user", "content": [{"type": "text", "text": "What's the weather in Paris and Berlin?"}]},
                    {"role": "assistant", "content": [
                      {"type": "text", "text": "Let me check both."},
                      {"type": "tool_use", "id": "call_1", "name": "get_weather", "input": {"city": "Paris"}},
                      {"type": "tool_use", "id": "call_2", "name": "get_weather", "input": {"city": "Berlin", "days": 1.50}}
                    ]},
                    {"role": "user", "content": [
                      {"type": "tool_result", "tool_use_id": "call_1", "content": "18°C, sunny"},
                      {"type": "tool_result", "tool_use_id": "call_2", "content": [{"type": "text", "text": "12°C"}, {"type": "text", "text": "light rain"}]}
                    ]},
                    {"role": "assistant", "content": [{"type": "text", "text": "Paris is 18°C and sunny; Berlin is 12°C with light rain."}]},
                    {"role": "user", "content": [{"type": "text", "text": "And tomorrow?"}]}
                  ],
                  "tools": [{"name": "get_weather", "description": "Current weather for a city",
                    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}],
                  "tool_choice": {"type": "auto"},
                  "temperature": 0.7,
                  "top_p": 0.9,
                  "metadata": {"user_id": "user-123"},
                  "stream": false
                }
                """);
    }

    @Test
    void keepsTheDigitsOfNumbersInToolArguments() {
        var openAi = json("""
                {"messages": [{"role": "assistant", "tool_calls": [
                  {"id": "call_1", "type": "function", "function": {"name": "pay", "arguments": "{\\"amount\\": 10.10}"}}]}]}
                """);

        var anthropic = AnthropicRequests.fromOpenAi(openAi, "claude", false);

        assertThat(Json.write(anthropic.at("/messages/0/content/0/input"))).isEqualTo("{\"amount\":10.10}");
    }

    @Test
    void translatesImagesGivenAsDataUrlsAndAsWebUrls() {
        var openAi = json("""
                {"messages": [{"role": "user", "content": [
                  {"type": "text", "text": "What differs between these?"},
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "high"}},
                  {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}}
                ]}]}
                """);

        var anthropic = AnthropicRequests.fromOpenAi(openAi, "claude", true);

        assertJson(anthropic.get("messages"), """
                [{"role": "user", "content": [
                  {"type": "text", "text": "What differs between these?"},
                  {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
                  {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}}
                ]}]
                """);
        assertThat(anthropic.get("stream").asBoolean()).isTrue();
    }

    @Test
    void mergesConsecutiveMessagesOfOneRoleBecauseAnthropicRequiresAlternation() {
        var openAi = json("""
                {"messages": [
                  {"role": "user", "content": "First question."},
                  {"role": "user", "content": [{"type": "text", "text": "Second question."}]},
                  {"role": "assistant", "content": ""},
                  {"role": "system", "content": "Be brief."},
                  {"role": "user", "content": "Third question."}
                ]}
                """);

        var anthropic = AnthropicRequests.fromOpenAi(openAi, "claude", false);

        assertJson(anthropic.get("messages"), """
                [{"role": "user", "content": [
                  {"type": "text", "text": "First question."},
                  {"type": "text", "text": "Second question."},
                  {"type": "text", "text": "Third question."}
                ]}]
                """);
        assertThat(anthropic.get("system").asText()).isEqualTo("Be brief.");
    }

    @Test
    void treatsEmptyArgumentsOfAToolWithoutParametersAsAnEmptyInput() {
        var openAi = json("""
                {"messages": [{"role": "assistant", "content": null, "tool_calls": [
                  {"id": "call_1", "type": "function", "function": {"name": "now", "arguments": ""}}]}],
                 "tools": [{"type": "function", "function": {"name": "now"}}]}
                """);

        var anthropic = AnthropicRequests.fromOpenAi(openAi, "claude", false);

        assertJson(anthropic.at("/messages/0/content/0"), """
                {"type": "tool_use", "id": "call_1", "name": "now", "input": {}}
                """);
        assertJson(anthropic.get("tools"), """
                [{"name": "now", "input_schema": {"type": "object", "properties": {}}}]
                """);
    }

    @Test
    void defaultsMaxTokensBecauseAnthropicRequiresIt() {
        var anthropic = AnthropicRequests.fromOpenAi(json("{\"messages\": []}"), "claude", false);

        assertThat(anthropic.get("max_tokens").asInt()).isEqualTo(4096);
    }

    @ParameterizedTest(name = "{0} gives max_tokens {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"max_tokens\": 300}                                   | 300",
            "{\"max_completion_tokens\": 500}                        | 500",
            "{\"max_tokens\": 300, \"max_completion_tokens\": 500}   | 500",
            "{\"max_tokens\": null}                                  | 4096"})
    void takesMaxTokensFromEitherOfOpenAisFields(String fields, int expected) {
        var openAi = json(fields).put("model", "gpt-4o");
        openAi.putArray("messages");

        var anthropic = AnthropicRequests.fromOpenAi(openAi, "claude", false);

        assertThat(anthropic.get("max_tokens").asInt()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"stop\": \"END\"}                     | {\"stop_sequences\": [\"END\"]}",
            "{\"stop\": [\"END\", \"\\n\\n\"]}       | {\"stop_sequences\": [\"END\", \"\\n\\n\"]}",
            "{\"stop\": []}                          | {}",
            "{\"temperature\": 1.6}                  | {\"temperature\": 1}",
            "{\"temperature\": 0}                    | {\"temperature\": 0}",
            "{\"safety_identifier\": \"u-7\"}        | {\"metadata\": {\"user_id\": \"u-7\"}}",
            "{\"n\": 1, \"presence_penalty\": 1}     | {}"})
    void translatesSamplingAndStoppingFields(String fields, String expected) {
        var openAi = json(fields);
        openAi.putArray("messages");

        var anthropic = AnthropicRequests.fromOpenAi(openAi, "claude", false);

        anthropic.remove(List.of("model", "max_tokens", "messages", "stream"));
        assertJson(anthropic, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"tool_choice\": \"auto\"}                                                   | {\"type\": \"auto\"}",
            "{\"tool_choice\": \"required\"}                                               | {\"type\": \"any\"}",
            "{\"tool_choice\": \"none\"}                                                   | {\"type\": \"none\"}",
            "{\"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"f\"}}}  | {\"type\": \"tool\", \"name\": \"f\"}",
            "{\"parallel_tool_calls\": false}                                              | {\"type\": \"auto\", \"disable_parallel_tool_use\": true}",
            "{\"tool_choice\": \"required\", \"parallel_tool_calls\": false}               | {\"type\": \"any\", \"disable_parallel_tool_use\": true}",
            "{\"tool_choice\": \"none\", \"parallel_tool_calls\": false}                   | {\"type\": \"none\"}"})
    void translatesToolChoice(String fields, String expected) {
        var openAi = json(fields);
        openAi.putArray("messages");
        openAi.putArray("tools").add(json("{\"type\": \"function\", \"function\": {\"name\": \"f\"}}"));

        var anthropic = AnthropicRequests.fromOpenAi(openAi, "claude", false);

        assertJson(anthropic.get("tool_choice"), expected);
    }

    @Test
    void leavesTheClientsRequestUnchanged() {
        var openAi = json("""
                {"messages": [{"role": "user", "content": "Hi"}],
                 "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]}
                """);
        var before = openAi.deepCopy();

        var anthropic = AnthropicRequests.fromOpenAi(openAi, "claude", false);
        ((ObjectNode) anthropic.at("/tools/0/input_schema")).put("changed", true);

        assertThat(openAi).isEqualTo(before);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"n\": 2, \"messages\": []}                                                                | n",
            "{}                                                                                          | messages",
            "{\"messages\": [{\"role\": \"function\", \"content\": \"x\"}]}                              | messages[0].role",
            "{\"messages\": [{\"content\": \"x\"}]}                                                      | messages[0].role",
            "{\"messages\": [{\"role\": \"user\", \"content\": 7}]}                                      | messages[0].content",
            "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"input_audio\"}]}]}          | messages[0].content[0].type",
            "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\", \"image_url\": {\"url\": \"data:image/png,abc\"}}]}]}   | messages[0].content[0].image_url.url",
            "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\", \"image_url\": {\"url\": \"ftp://host/a.png\"}}]}]}    | messages[0].content[0].image_url.url",
            "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\"}]}]}            | messages[0].content[0].image_url.url",
            "{\"messages\": [{\"role\": \"system\", \"content\": [{\"type\": \"image_url\", \"image_url\": \"https://a/b.png\"}]}]} | messages[0].content",
            "{\"messages\": [{\"role\": \"assistant\", \"tool_calls\": [{\"id\": \"c\", \"function\": {\"name\": \"f\", \"arguments\": \"{oops\"}}]}]}  | messages[0].tool_calls[0].function.arguments",
            "{\"messages\": [{\"role\": \"assistant\", \"tool_calls\": [{\"id\": \"c\", \"function\": {\"name\": \"f\", \"arguments\": \"[1]\"}}]}]}    | messages[0].tool_calls[0].function.arguments",
            "{\"messages\": [{\"role\": \"assistant\", \"tool_calls\": [{\"function\": {\"name\": \"f\"}}]}]}                                   | messages[0].tool_calls[0].id",
            "{\"messages\": [{\"role\": \"tool\", \"content\": \"42\"}]}                                  | messages[0].tool_call_id",
            "{\"messages\": [], \"tools\": [{\"type\": \"custom\", \"custom\": {\"name\": \"f\"}}]}      | tools[0].type",
            "{\"messages\": [], \"tools\": [{\"type\": \"function\", \"function\": {}}]}                 | tools[0].function.name",
            "{\"messages\": [], \"tool_choice\": \"sometimes\"}                                          | tool_choice",
            "{\"messages\": [], \"max_tokens\": 0}                                                       | max_tokens",
            "{\"messages\": [], \"temperature\": \"hot\"}                                                | temperature",
            "{\"messages\": [], \"stop\": [1]}                                                           | stop"})
    void refusesWhatItCannotTranslateNamingTheField(String body, String field) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AnthropicRequests.fromOpenAi(json(body), "claude", false))
                .withMessageStartingWith(field + ": ");
    }
}
