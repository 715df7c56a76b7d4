package dev.warden.gateway.api.anthropic;

import static dev.warden.gateway.GoldenJson.assertJson;
import static dev.warden.gateway.GoldenJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagesResponsesTests {

    @Test
    void translatesATextAnswer() {
        var completion = json("""
                {
                  "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
                  "object": "chat.completion",
                  "created": 1741569952,
                  "model": "gpt-4.1-2025-04-14",
                  "choices": [{
                    "index": 0,
                    "message": {"role": "assistant", "content": "Hello! How can I assist you today?", "refusal": null, "annotations": []},
                    "logprobs": null,
                    "finish_reason": "stop"
                  }],
                  "usage": {"prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29,
                    "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0}},
                  "service_tier": "default"
                }
                """);

        var message = MessagesResponses.fromOpenAi(completion, "claude-sonnet-4-5");

        assertJson(message, """
                {
                  "id": "msg_chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
                  "type": "message",
                  "role": "assistant",
                  "model": "claude-sonnet-4-5",
                  "content": [{"type": "text", "text": "Hello! How can I assist you today?"}],
                  "stop_reason": "end_turn",
                  "stop_sequence": null,
                  "usage": {"input_tokens": 19, "output_tokens": 10}
                }
                """);
    }

    @Test
    void translatesToolCallsIntoToolUseBlocks() {
        var completion = json("""
                {"id": "chatcmpl-1", "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
                  "role": "assistant", "content": "Checking both.",
                  "tool_calls": [
                    {"id": "call_abc", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}},
                    {"id": "call_def", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Berlin\\""}}
                  ]}}],
                 "usage": {"prompt_tokens": 80, "completion_tokens": 40, "total_tokens": 120}}
                """);

        var message = MessagesResponses.fromOpenAi(completion, "claude-sonnet-4-5");

        assertJson(message.get("content"), """
                [
                  {"type": "text", "text": "Checking both."},
                  {"type": "tool_use", "id": "call_abc", "name": "get_weather", "input": {"city": "Paris"}},
                  {"type": "tool_use", "id": "call_def", "name": "get_weather", "input": {}}
                ]
                """);
        assertThat(message.get("stop_reason").asText()).isEqualTo("tool_use");
    }

    @Test
    void keepsAnIdThatAlreadyLooksLikeAnthropicsAndMakesUpMissingToolIds() {
        var completion = json("""
                {"id": "msg_01XFDUDYJgAACzvnptvVoYEL", "choices": [{"finish_reason": "tool_calls", "message": {"content": null,
                  "tool_calls": [{"type": "function", "function": {"name": "now", "arguments": "{}"}}]}}]}
                """);

        var message = MessagesResponses.fromOpenAi(completion, "claude");

        assertThat(message.get("id").asText()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
        assertJson(message.get("content"), """
                [{"type": "tool_use", "id": "toolu_01XFDUDYJgAACzvnptvVoYEL_0", "name": "now", "input": {}}]
                """);
        assertJson(message.get("usage"), "{\"input_tokens\": 0, \"output_tokens\": 0}");
    }

    @Test
    void reportsToolUseWhenAServerSaysStopAfterCallingTools() {
        var completion = json("""
                {"id": "x", "choices": [{"finish_reason": "stop", "message": {"content": null,
                  "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "now", "arguments": "{}"}}]}}]}
                """);

        var message = MessagesResponses.fromOpenAi(completion, "claude");

        assertThat(message.get("stop_reason").asText()).isEqualTo("tool_use");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"stop, end_turn", "length, max_tokens", "tool_calls, tool_use", "content_filter, refusal", "function_call, tool_use", "other, end_turn"})
    void mapsFinishReasonsToStopReasons(String finishReason, String stopReason) {
        var completion = json("{\"id\": \"x\", \"choices\": [{\"message\": {\"content\": \"Hi\"}}]}");
        ((ObjectNode) completion.at("/choices/0")).put("finish_reason", finishReason);

        var message = MessagesResponses.fromOpenAi(completion, "claude");

        assertThat(message.get("stop_reason").asText()).isEqualTo(stopReason);
    }

    @Test
    void givesARefusalAsText() {
        var completion = json("""
                {"id": "x", "choices": [{"finish_reason": "content_filter", "message": {"content": null, "refusal": "I can't help with that."}}]}
                """);

        var message = MessagesResponses.fromOpenAi(completion, "claude");

        assertJson(message.get("content"), "[{\"type\": \"text\", \"text\": \"I can't help with that.\"}]");
        assertThat(message.get("stop_reason").asText()).isEqualTo("refusal");
    }

    @Test
    void joinsContentPartsFromServersThatAnswerWithThem() {
        var completion = json("""
                {"id": "x", "choices": [{"finish_reason": "stop", "message": {"content": [{"type": "text", "text": "Hel"}, {"type": "text", "text": "lo"}]}}]}
                """);

        var message = MessagesResponses.fromOpenAi(completion, "claude");

        assertJson(message.get("content"), "[{\"type\": \"text\", \"text\": \"Hello\"}]");
    }

    @Test
    void givesNoBlocksForAnEmptyAnswer() {
        var completion = json("{\"id\": \"x\", \"choices\": [{\"finish_reason\": \"stop\", \"message\": {\"content\": \"\"}}]}");

        var message = MessagesResponses.fromOpenAi(completion, "claude");

        assertThat(message.get("content")).isEmpty();
    }

    @Test
    void refusesACompletionWithoutChoices() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MessagesResponses.fromOpenAi(json("{\"id\": \"x\", \"choices\": []}"), "claude"))
                .withMessageStartingWith("choices: ");
    }
}
