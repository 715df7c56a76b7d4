package dev.warden.gateway.provider.anthropic;

import static dev.warden.gateway.GoldenJson.assertJson;
import static dev.warden.gateway.GoldenJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicResponsesTests {

    private static final long CREATED = 1_730_000_000L;

    @Test
    void translatesATextAnswer() {
        var message = json("""
                {
                  "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
                  "type": "message",
                  "role": "assistant",
                  "model": "claude-sonnet-4-5-20250929",
                  "content": [{"type": "text", "text": "Hello! How can I help you today?"}],
                  "stop_reason": "end_turn",
                  "stop_sequence": null,
                  "usage": {"input_tokens": 12, "output_tokens": 10}
                }
                """);

        var completion = AnthropicResponses.toOpenAi(message, CREATED);

        assertJson(completion, """
                {
                  "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
                  "object": "chat.completion",
                  "created": 1730000000,
                  "model": "claude-sonnet-4-5-20250929",
                  "choices": [{
                    "index": 0,
                    "message": {"role": "assistant", "content": "Hello! How can I help you today?"},
                    "logprobs": null,
                    "finish_reason": "stop"
                  }],
                  "usage": {"prompt_tokens": 12, "completion_tokens": 10, "total_tokens": 22}
                }
                """);
    }

    @Test
    void translatesToolUseAlongsideTextAndLeavesThinkingOut() {
        var message = json("""
                {
                  "id": "msg_014p7gG3wDgGV9EUtLvnow3U",
                  "type": "message",
                  "role": "assistant",
                  "model": "claude-sonnet-4-5-20250929",
                  "content": [
                    {"type": "thinking", "thinking": "The user wants weather.", "signature": "EqQBCgIYAhIM"},
                    {"type": "text", "text": "Okay, let's check the weather"},
                    {"type": "text", "text": " for San Francisco, CA:"},
                    {"type": "tool_use", "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "name": "get_weather",
                     "input": {"location": "San Francisco, CA", "unit": "fahrenheit"}}
                  ],
                  "stop_reason": "tool_use",
                  "stop_sequence": null,
                  "usage": {"input_tokens": 472, "output_tokens": 89}
                }
                """);

        var completion = AnthropicResponses.toOpenAi(message, CREATED);

        assertJson(completion.at("/choices/0"), """
                {
                  "index": 0,
                  "message": {
                    "role": "assistant",
                    "content": "Okay, let's check the weather for San Francisco, CA:",
                    "tool_calls": [{
                      "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
                      "type": "function",
                      "function": {"name": "get_weather", "arguments": "{\\"location\\":\\"San Francisco, CA\\",\\"unit\\":\\"fahrenheit\\"}"}
                    }]
                  },
                  "logprobs": null,
                  "finish_reason": "tool_calls"
                }
                """);
    }

    @Test
    void leavesContentNullWhenTheAnswerIsOnlyToolCalls() {
        var message = json("""
                {"id": "msg_1", "model": "claude", "stop_reason": "tool_use", "usage": {"input_tokens": 5, "output_tokens": 7},
                 "content": [
                   {"type": "tool_use", "id": "toolu_a", "name": "now", "input": {}},
                   {"type": "tool_use", "id": "toolu_b", "name": "weather", "input": {"city": "Oslo"}}
                 ]}
                """);

        var completion = AnthropicResponses.toOpenAi(message, CREATED);

        assertJson(completion.at("/choices/0/message"), """
                {"role": "assistant", "content": null, "tool_calls": [
                  {"id": "toolu_a", "type": "function", "function": {"name": "now", "arguments": "{}"}},
                  {"id": "toolu_b", "type": "function", "function": {"name": "weather", "arguments": "{\\"city\\":\\"Oslo\\"}"}}
                ]}
                """);
    }

    @Test
    void givesAnEmptyStringForAnAnswerWithNoContentAtAll() {
        var message = json("""
                {"id": "msg_1", "model": "claude", "content": [], "stop_reason": "end_turn", "usage": {"input_tokens": 5, "output_tokens": 0}}
                """);

        var completion = AnthropicResponses.toOpenAi(message, CREATED);

        assertThat(completion.at("/choices/0/message/content").asText()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "end_turn, stop",
            "stop_sequence, stop",
            "pause_turn, stop",
            "max_tokens, length",
            "model_context_window_exceeded, length",
            "tool_use, tool_calls",
            "refusal, content_filter",
            "something_new, stop"})
    void mapsStopReasonsToFinishReasons(String stopReason, String finishReason) {
        var message = json("{\"id\": \"msg_1\", \"model\": \"claude\", \"content\": []}").put("stop_reason", stopReason);

        var completion = AnthropicResponses.toOpenAi(message, CREATED);

        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo(finishReason);
    }

    @Test
    void countsCachedInputAsPromptTokensBecauseOpenAiIncludesIt() {
        var message = json("""
                {"id": "msg_1", "model": "claude", "content": [], "stop_reason": "end_turn",
                 "usage": {"input_tokens": 50, "cache_creation_input_tokens": 1000, "cache_read_input_tokens": 2000, "output_tokens": 300}}
                """);

        var completion = AnthropicResponses.toOpenAi(message, CREATED);

        assertJson(completion.get("usage"), """
                {"prompt_tokens": 3050, "completion_tokens": 300, "total_tokens": 3350,
                 "prompt_tokens_details": {"cached_tokens": 2000}}
                """);
    }

    @Test
    void stampsTheCurrentTimeWhenNoneIsGiven() {
        var before = Instant.now().getEpochSecond();

        var completion = AnthropicResponses.toOpenAi(json("{\"id\": \"msg_1\", \"content\": []}"));

        assertThat(completion.get("created").asLong()).isBetween(before, Instant.now().getEpochSecond());
    }

    @Test
    void refusesSomethingThatIsNotAMessage() {
        var error = json("{\"type\": \"error\", \"error\": {\"type\": \"api_error\", \"message\": \"boom\"}}");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AnthropicResponses.toOpenAi(error, CREATED))
                .withMessageStartingWith("content: ");
    }
}
