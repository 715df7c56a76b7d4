package dev.warden.gateway.provider.gemini;

import static dev.warden.gateway.provider.gemini.GoldenJson.assertJson;
import static dev.warden.gateway.provider.gemini.GoldenJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiResponsesTests {

    private static final String MODEL = "gemini-2.5-flash";
    private static final long CREATED = 1_700_000_000L;

    @Test
    void translatesATextAnswerWithItsUsage() {
        var gemini = json("""
                {"candidates": [{"content": {"role": "model", "parts": [
                    {"text": "Let me think.", "thought": true}, {"text": "Hello"}, {"text": " there"}]},
                  "finishReason": "STOP", "index": 0, "safetyRatings": []}],
                 "usageMetadata": {"promptTokenCount": 12, "candidatesTokenCount": 5, "thoughtsTokenCount": 20,
                   "totalTokenCount": 37, "cachedContentTokenCount": 4},
                 "modelVersion": "gemini-2.5-flash-001", "responseId": "resp-1"}
                """);

        var completion = GeminiResponses.toOpenAi(gemini, MODEL, CREATED);

        assertJson(completion, """
                {"id": "resp-1", "object": "chat.completion", "created": 1700000000, "model": "gemini-2.5-flash",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello there", "refusal": null},
                              "finish_reason": "stop", "logprobs": null}],
                 "usage": {"prompt_tokens": 12, "completion_tokens": 25, "total_tokens": 37,
                           "prompt_tokens_details": {"cached_tokens": 4},
                           "completion_tokens_details": {"reasoning_tokens": 20}}}
                """);
    }

    @Test
    void translatesFunctionCallsIntoToolCallsWithNullContent() {
        var gemini = json("""
                {"candidates": [{"content": {"role": "model", "parts": [
                    {"functionCall": {"name": "get_weather", "args": {"city": "Paris", "days": [1, 2]}}},
                    {"functionCall": {"name": "get_time"}}]},
                  "finishReason": "STOP"}],
                 "usageMetadata": {"promptTokenCount": 30, "candidatesTokenCount": 10, "totalTokenCount": 40},
                 "responseId": "resp-2"}
                """);

        var completion = GeminiResponses.toOpenAi(gemini, MODEL, CREATED);

        assertJson(completion, """
                {"id": "resp-2", "object": "chat.completion", "created": 1700000000, "model": "gemini-2.5-flash",
                 "choices": [{"index": 0, "logprobs": null, "finish_reason": "tool_calls",
                   "message": {"role": "assistant", "content": null, "refusal": null, "tool_calls": [
                     {"id": "call_0", "type": "function",
                      "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\",\\"days\\":[1,2]}"}},
                     {"id": "call_1", "type": "function", "function": {"name": "get_time", "arguments": "{}"}}]}}],
                 "usage": {"prompt_tokens": 30, "completion_tokens": 10, "total_tokens": 40}}
                """);
    }

    @Test
    void keepsTextAlongsideFunctionCallsAndGeminisOwnCallIds() {
        var gemini = json("""
                {"candidates": [{"content": {"parts": [
                    {"text": "Checking."}, {"functionCall": {"id": "fc-9", "name": "lookup", "args": {}}}]},
                  "finishReason": "STOP"}]}
                """);

        var message = GeminiResponses.toOpenAi(gemini, MODEL, CREATED).at("/choices/0/message");

        assertThat(message.get("content").asText()).isEqualTo("Checking.");
        assertThat(message.at("/tool_calls/0/id").asText()).isEqualTo("fc-9");
    }

    @ParameterizedTest
    @CsvSource({
        "STOP, stop", "MAX_TOKENS, length", "SAFETY, content_filter", "RECITATION, content_filter",
        "BLOCKLIST, content_filter", "PROHIBITED_CONTENT, content_filter", "SPII, content_filter",
        "IMAGE_SAFETY, content_filter", "LANGUAGE, stop", "OTHER, stop", "MALFORMED_FUNCTION_CALL, stop",
        "FINISH_REASON_UNSPECIFIED, stop"})
    void mapsFinishReasons(String gemini, String openAi) {
        var response = json("""
                {"candidates": [{"content": {"parts": [{"text": "x"}]}, "finishReason": "%s"}]}
                """.formatted(gemini));

        var completion = GeminiResponses.toOpenAi(response, MODEL, CREATED);

        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo(openAi);
    }

    @Test
    void reportsATruncatedFunctionCallTurnAsLengthNotToolCalls() {
        var response = json("""
                {"candidates": [{"content": {"parts": [{"functionCall": {"name": "f", "args": {}}}]},
                  "finishReason": "MAX_TOKENS"}]}
                """);

        var completion = GeminiResponses.toOpenAi(response, MODEL, CREATED);

        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void answersAFilteredCandidateWithoutContentWithEmptyText() {
        var response = json("""
                {"candidates": [{"finishReason": "SAFETY", "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT",
                  "probability": "HIGH", "blocked": true}]}], "responseId": "r"}
                """);

        var choice = GeminiResponses.toOpenAi(response, MODEL, CREATED).at("/choices/0");

        assertThat(choice.at("/message/content").asText()).isEmpty();
        assertThat(choice.get("finish_reason").asText()).isEqualTo("content_filter");
    }

    @Test
    void answersAPromptBlockedBeforeGenerationAsContentFiltered() {
        var response = json("""
                {"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"},
                 "usageMetadata": {"promptTokenCount": 9, "totalTokenCount": 9}, "responseId": "blocked-1"}
                """);

        var completion = GeminiResponses.toOpenAi(response, MODEL, CREATED);

        assertJson(completion, """
                {"id": "blocked-1", "object": "chat.completion", "created": 1700000000, "model": "gemini-2.5-flash",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "", "refusal": null},
                              "finish_reason": "content_filter", "logprobs": null}],
                 "usage": {"prompt_tokens": 9, "completion_tokens": 0, "total_tokens": 9}}
                """);
    }

    @Test
    void makesUpAnIdWhenGeminiSentNone() {
        var response = json("""
                {"candidates": [{"content": {"parts": [{"text": "x"}]}, "finishReason": "STOP"}]}
                """);

        var completion = GeminiResponses.toOpenAi(response, MODEL, CREATED);

        assertThat(completion.get("id").asText()).startsWith("chatcmpl-").hasSizeGreaterThan("chatcmpl-".length());
        assertThat(completion.has("usage")).isFalse();
    }

    @Test
    void refusesAnErrorBodyRatherThanPassingItOffAsAnAnswer() {
        var response = json("""
                {"error": {"code": 429, "message": "Resource has been exhausted", "status": "RESOURCE_EXHAUSTED"}}
                """);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> GeminiResponses.toOpenAi(response, MODEL, CREATED))
                .withMessageStartingWith("error")
                .withMessageContaining("RESOURCE_EXHAUSTED")
                .withMessageContaining("Resource has been exhausted");
    }

    @Test
    void refusesAResponseWithoutCandidatesOrBlockReason() {
        var response = json("""
                {"usageMetadata": {"promptTokenCount": 1}}
                """);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> GeminiResponses.toOpenAi(response, MODEL, CREATED))
                .withMessageStartingWith("candidates");
    }
}
