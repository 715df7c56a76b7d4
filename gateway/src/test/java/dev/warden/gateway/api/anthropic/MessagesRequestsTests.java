package dev.warden.gateway.api.anthropic;

import static dev.warden.gateway.GoldenJson.assertJson;
import static dev.warden.gateway.GoldenJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagesRequestsTests {

    @Test
    void translatesAConversationWithToolUseAndToolResults() {
        var anthropic = json("""
                {
                  "model": "claude-sonnet-4-5",
                  "max_tokens": 1024,
                  "system": "You are a weather assistant.",
                  "messages": [
                    {"role": "user", "content": "What's the weather in Paris and Berlin?"},
                    {"role": "assistant", "content": [
                      {"type": "thinking", "thinking": "Two cities, two calls.", "signature": "EqQBCgIYAhIM"},
                      {"type": "text", "text": "Let me check both."},
                      {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"city": "Paris"}},
                      {"type": "tool_use", "id": "toolu_02", "name": "get_weather", "input": {"city": "Berlin", "days": 1.50}}
                    ]},
                    {"role": "user", "content": [
                      {"type": "tool_result", "tool_use_id": "toolu_01", "content": "18°C, sunny"},
                      {"type": "tool_result", "tool_use_id": "toolu_02", "content": [{"type": "text", "text": "12°C"}, {"type": "text", "text": "light rain"}]},
                      {"type": "text", "text": "Also, which is warmer?", "cache_control": {"type": "ephemeral"}}
                    ]}
                  ],
                  "tools": [{"name": "get_weather", "description": "Current weather for a city",
                    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
                    "cache_control": {"type": "ephemeral"}}],
                  "tool_choice": {"type": "auto", "disable_parallel_tool_use": true},
                  "temperature": 0.7,
                  "top_p": 0.9,
                  "top_k": 40,
                  "stop_sequences": ["END"],
                  "metadata": {"user_id": "user-123"},
                  "thinking": {"type": "enabled", "budget_tokens": 2000}
                }
                """);

        var openAi = MessagesRequests.toOpenAi(anthropic);

        assertJson(openAi, """
                {
                  "model": "claude-sonnet-4-5",
                  "messages": [
                    {"role": "system", "content": "You are a weather assistant."},
                    {"role": "user", "content": "What's the weather in Paris and Berlin?"},
                    {"role": "assistant", "content": "Let me check both.", "tool_calls": [
                      {"id": "toolu_01", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}},
                      {"id": "toolu_02", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Berlin\\",\\"days\\":1.50}"}}
                    ]},
                    {"role": "tool", "tool_call_id": "toolu_01", "content": "18°C, sunny"},
                    {"role": "tool", "tool_call_id": "toolu_02", "content": "12°C\\n\\nlight rain"},
                    {"role": "user", "content": "Also, which is warmer?"}
                  ],
                  "max_tokens": 1024,
                  "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Current weather for a city",
                    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}],
                  "tool_choice": "auto",
                  "parallel_tool_calls": false,
                  "temperature": 0.7,
                  "top_p": 0.9,
                  "stop": ["END"],
                  "user": "user-123"
                }
                """);
    }

    @Test
    void keepsTheDigitsOfNumbersInToolInput() {
        var anthropic = json("""
                {"model": "m", "max_tokens": 10, "messages": [{"role": "assistant", "content": [
                  {"type": "tool_use", "id": "toolu_1", "name": "pay", "input": {"amount": 10.10}}]}]}
                """);

        var openAi = MessagesRequests.toOpenAi(anthropic);

        assertThat(openAi.at("/messages/0/tool_calls/0/function/arguments").asText()).isEqualTo("{\"amount\":10.10}");
    }

    @Test
    void translatesImagesAndSystemBlocks() {
        var anthropic = json("""
                {"model": "m", "max_tokens": 10,
                 "system": [{"type": "text", "text": "You describe images."}, {"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
                 "messages": [{"role": "user", "content": [
                   {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/4AAQSkZJRg=="}},
                   {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
                   {"type": "text", "text": "What differs?"}
                 ]}]}
                """);

        var openAi = MessagesRequests.toOpenAi(anthropic);

        assertJson(openAi.get("messages"), """
                [
                  {"role": "system", "content": "You describe images.\\n\\nBe brief."},
                  {"role": "user", "content": [
                    {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/4AAQSkZJRg=="}},
                    {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}},
                    {"type": "text", "text": "What differs?"}
                  ]}
                ]
                """);
    }

    @Test
    void keepsSeveralTextBlocksApartRatherThanInventingASeparator() {
        var anthropic = json("""
                {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [
                  {"type": "text", "text": "<document>...</document>"}, {"type": "text", "text": "Summarise it."}]}]}
                """);

        var openAi = MessagesRequests.toOpenAi(anthropic);

        assertJson(openAi.at("/messages/0/content"), """
                [{"type": "text", "text": "<document>...</document>"}, {"type": "text", "text": "Summarise it."}]
                """);
    }

    @Test
    void notesAFailedToolInItsResultAndMovesItsImagesToAUserMessage() {
        var anthropic = json("""
                {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [
                  {"type": "tool_result", "tool_use_id": "toolu_1", "is_error": true, "content": "file not found"},
                  {"type": "tool_result", "tool_use_id": "toolu_2", "content": [
                    {"type": "text", "text": "Screenshot taken."},
                    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}]},
                  {"type": "tool_result", "tool_use_id": "toolu_3"}
                ]}]}
                """);

        var openAi = MessagesRequests.toOpenAi(anthropic);

        assertJson(openAi.get("messages"), """
                [
                  {"role": "tool", "tool_call_id": "toolu_1", "content": "Error: file not found"},
                  {"role": "tool", "tool_call_id": "toolu_2", "content": "Screenshot taken."},
                  {"role": "tool", "tool_call_id": "toolu_3", "content": ""},
                  {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}]}
                ]
                """);
    }

    @Test
    void leavesContentNullForAnAssistantTurnOfOnlyToolUse() {
        var anthropic = json("""
                {"model": "m", "max_tokens": 10, "messages": [
                  {"role": "user", "content": "What time is it?"},
                  {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "now", "input": {}}]},
                  {"role": "assistant", "content": [{"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3p"}]}
                ]}
                """);

        var openAi = MessagesRequests.toOpenAi(anthropic);

        assertJson(openAi.get("messages"), """
                [
                  {"role": "user", "content": "What time is it?"},
                  {"role": "assistant", "content": null, "tool_calls": [{"id": "toolu_1", "type": "function", "function": {"name": "now", "arguments": "{}"}}]}
                ]
                """);
    }

    @Test
    void asksForUsageWhenStreamingBecauseAnthropicsStreamAlwaysReportsIt() {
        var anthropic = json("""
                {"model": "m", "max_tokens": 10, "stream": true, "messages": [{"role": "user", "content": "Hi"}]}
                """);

        var openAi = MessagesRequests.toOpenAi(anthropic);

        assertThat(openAi.get("stream").asBoolean()).isTrue();
        assertJson(openAi.get("stream_options"), "{\"include_usage\": true}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"type\": \"auto\"}                                   | {\"tool_choice\": \"auto\"}",
            "{\"type\": \"any\"}                                    | {\"tool_choice\": \"required\"}",
            "{\"type\": \"none\"}                                   | {\"tool_choice\": \"none\"}",
            "{\"type\": \"tool\", \"name\": \"f\"}                  | {\"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"f\"}}}",
            "{\"type\": \"any\", \"disable_parallel_tool_use\": true} | {\"tool_choice\": \"required\", \"parallel_tool_calls\": false}"})
    void translatesToolChoice(String choice, String expected) {
        var anthropic = json("{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");
        anthropic.set("tool_choice", json(choice));

        var openAi = MessagesRequests.toOpenAi(anthropic);

        openAi.remove(List.of("model", "messages", "max_tokens"));
        assertJson(openAi, expected);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"max_tokens\": 10, \"messages\": []}                                              | model",
            "{\"model\": 7, \"max_tokens\": 10, \"messages\": []}                                | model",
            "{\"model\": \"m\", \"max_tokens\": 10}                                              | messages",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": {}}                            | messages",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": []}                            | messages",
            "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}        | max_tokens",
            "{\"model\": \"m\", \"max_tokens\": 1.5, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}    | max_tokens",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"system\", \"content\": \"x\"}]}   | messages[0].role",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\"}]}                        | messages[0].content",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"x\"}]}]}                       | messages[0].content[0].type",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\"}]}]}                     | messages[0].content[0].text",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"document\"}]}]}                 | messages[0].content[0].type",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image\", \"source\": {\"type\": \"file\", \"file_id\": \"f\"}}]}]}  | messages[0].content[0].source.type",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"tool_result\", \"content\": \"x\"}]}]}  | messages[0].content[0].tool_use_id",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"assistant\", \"content\": [{\"type\": \"tool_use\", \"name\": \"f\", \"input\": {}}]}]}  | messages[0].content[0].id",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"assistant\", \"content\": [{\"type\": \"tool_use\", \"id\": \"t\", \"name\": \"f\", \"input\": [1]}]}]}  | messages[0].content[0].input",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"assistant\", \"content\": [{\"type\": \"server_tool_use\"}]}]}     | messages[0].content[0].type",
            "{\"model\": \"m\", \"max_tokens\": 10, \"system\": [{\"type\": \"image\"}], \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]} | system[0].type",
            "{\"model\": \"m\", \"max_tokens\": 10, \"system\": 3, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}                     | system",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"tools\": [{\"type\": \"web_search_20250305\", \"name\": \"web_search\"}]} | tools[0].type",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"tools\": [{\"name\": \"f\"}]}       | tools[0].input_schema",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"tool_choice\": {\"type\": \"tool\"}} | tool_choice.name",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"tool_choice\": \"auto\"}           | tool_choice.type",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"temperature\": \"warm\"}           | temperature",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"stop_sequences\": \"END\"}         | stop_sequences",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"metadata\": {\"user_id\": 5}}      | metadata.user_id",
            "{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"stream\": \"yes\"}                 | stream"})
    void refusesAMalformedRequestNamingTheField(String body, String field) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MessagesRequests.toOpenAi(json(body)))
                .withMessageStartingWith(field + ": ");
    }
}
