package dev.warden.gateway.provider.gemini;

import static dev.warden.gateway.provider.gemini.GoldenJson.assertJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.provider.StreamFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiChunksTests {

    private final GeminiChunks translator = new GeminiChunks("gemini-2.5-flash", 1_700_000_000L);

    @Test
    void streamsTextThenEndsAtTheFinishReasonWithUsage() {
        var chunks = feed("""
                {"candidates": [{"content": {"parts": [{"text": "Hello"}], "role": "model"}, "index": 0}],
                 "usageMetadata": {"promptTokenCount": 8, "totalTokenCount": 8}, "modelVersion": "gemini-2.5-flash", "responseId": "r-1"}
                """, """
                {"candidates": [{"content": {"parts": [{"text": " there"}], "role": "model"}, "index": 0}],
                 "usageMetadata": {"promptTokenCount": 8, "totalTokenCount": 8}, "modelVersion": "gemini-2.5-flash", "responseId": "r-1"}
                """, """
                {"candidates": [{"content": {"parts": [{"text": "", "thoughtSignature": "AY89a18i"}], "role": "model"},
                   "finishReason": "STOP", "index": 0}],
                 "usageMetadata": {"promptTokenCount": 8, "candidatesTokenCount": 2, "totalTokenCount": 10},
                 "modelVersion": "gemini-2.5-flash", "responseId": "r-1"}
                """);

        assertJson(chunks, """
                [{"id": "r-1", "object": "chat.completion.chunk", "created": 1700000000, "model": "gemini-2.5-flash",
                  "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": null}]},
                 {"id": "r-1", "object": "chat.completion.chunk", "created": 1700000000, "model": "gemini-2.5-flash",
                  "choices": [{"index": 0, "delta": {"content": "Hello"}, "finish_reason": null}]},
                 {"id": "r-1", "object": "chat.completion.chunk", "created": 1700000000, "model": "gemini-2.5-flash",
                  "choices": [{"index": 0, "delta": {"content": " there"}, "finish_reason": null}]},
                 {"id": "r-1", "object": "chat.completion.chunk", "created": 1700000000, "model": "gemini-2.5-flash",
                  "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
                 {"id": "r-1", "object": "chat.completion.chunk", "created": 1700000000, "model": "gemini-2.5-flash",
                  "choices": [], "usage": {"prompt_tokens": 8, "completion_tokens": 2, "total_tokens": 10}}]
                """);
        assertThat(translator.finished()).isTrue();
    }

    @Test
    void isNotFinishedUntilAFinishReasonArrives() {
        var chunks = feed("""
                {"candidates": [{"content": {"parts": [{"text": "Hel"}]}}], "responseId": "r"}
                """);

        assertThat(chunks).hasSize(2);
        assertThat(translator.finished()).isFalse();
    }

    @Test
    void streamsEachFunctionCallAsOneCompleteToolCallDelta() {
        var chunks = feed("""
                {"candidates": [{"content": {"parts": [{"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}}]}}],
                 "responseId": "r-2"}
                """, """
                {"candidates": [{"content": {"parts": [{"functionCall": {"name": "get_time", "args": {}}}]},
                   "finishReason": "STOP"}],
                 "usageMetadata": {"promptTokenCount": 20, "candidatesTokenCount": 6, "thoughtsTokenCount": 3, "totalTokenCount": 29},
                 "responseId": "r-2"}
                """);

        assertJson(chunks, """
                [{"id": "r-2", "object": "chat.completion.chunk", "created": 1700000000, "model": "gemini-2.5-flash",
                  "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": null}]},
                 {"id": "r-2", "object": "chat.completion.chunk", "created": 1700000000, "model": "gemini-2.5-flash",
                  "choices": [{"index": 0, "finish_reason": null, "delta": {"tool_calls": [{"index": 0, "id": "call_0",
                    "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}]}}]},
                 {"id": "r-2", "object": "chat.completion.chunk", "created": 1700000000, "model": "gemini-2.5-flash",
                  "choices": [{"index": 0, "finish_reason": null, "delta": {"tool_calls": [{"index": 1, "id": "call_1",
                    "type": "function", "function": {"name": "get_time", "arguments": "{}"}}]}}]},
                 {"id": "r-2", "object": "chat.completion.chunk", "created": 1700000000, "model": "gemini-2.5-flash",
                  "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]},
                 {"id": "r-2", "object": "chat.completion.chunk", "created": 1700000000, "model": "gemini-2.5-flash",
                  "choices": [], "usage": {"prompt_tokens": 20, "completion_tokens": 9, "total_tokens": 29,
                                            "completion_tokens_details": {"reasoning_tokens": 3}}}]
                """);
    }

    @Test
    void yieldsTextBeforeTheFinishWhenBothArriveInOneEvent() {
        var chunks = translator.onEvent(null, """
                {"candidates": [{"content": {"parts": [{"text": "All"}, {"text": " done"}]}, "finishReason": "MAX_TOKENS"}]}
                """);

        assertThat(chunks).extracting(chunk -> chunk.at("/choices/0/delta/content").asText(null))
                .containsExactly("", "All", " done", null);
        assertThat(chunks.get(3).at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(translator.finished()).isTrue();
    }

    @Test
    void leavesOutThoughtSummaries() {
        var chunks = translator.onEvent(null, """
                {"candidates": [{"content": {"parts": [{"text": "Considering...", "thought": true}, {"text": "Yes"}]}}]}
                """);

        assertThat(chunks).extracting(chunk -> chunk.at("/choices/0/delta/content").asText())
                .containsExactly("", "Yes");
    }

    @Test
    void endsABlockedPromptAsContentFiltered() {
        var chunks = feed("""
                {"promptFeedback": {"blockReason": "SAFETY"}, "usageMetadata": {"promptTokenCount": 4, "totalTokenCount": 4}}
                """);

        assertThat(chunks).hasSize(3);
        assertThat(chunks.get(1).at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
        assertThat(chunks.get(2).at("/usage/prompt_tokens").asInt()).isEqualTo(4);
        assertThat(translator.finished()).isTrue();
    }

    @Test
    void sendsNoUsageChunkWhenGeminiReportedNone() {
        var chunks = feed("""
                {"candidates": [{"content": {"parts": [{"text": "x"}]}, "finishReason": "STOP"}]}
                """);

        assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(chunks).noneMatch(chunk -> chunk.has("usage"));
    }

    @Test
    void givesEveryChunkTheSameMadeUpIdWhenGeminiSentNone() {
        var first = translator.onEvent(null, "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"a\"}]}}]}");
        var second = translator.onEvent(null, "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"b\"}]}}]}");

        var id = first.get(0).get("id").asText();
        assertThat(id).startsWith("chatcmpl-");
        assertThat(first).allMatch(chunk -> chunk.get("id").asText().equals(id));
        assertThat(second).allMatch(chunk -> chunk.get("id").asText().equals(id));
    }

    @Test
    void ignoresWhatArrivesAfterTheEnd() {
        feed("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"x\"}]}, \"finishReason\": \"STOP\"}]}");

        var late = translator.onEvent(null, "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"y\"}]}}]}");

        assertThat(late).isEmpty();
    }

    @Test
    void failsTheStreamWithGeminisErrorMessage() {
        translator.onEvent(null, "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"x\"}]}}]}");

        assertThatThrownBy(() -> translator.onEvent(null, """
                {"error": {"code": 503, "message": "The model is overloaded. Please try again later.", "status": "UNAVAILABLE"}}
                """))
                .isInstanceOf(StreamFailure.class)
                .hasMessageContaining("The model is overloaded. Please try again later.")
                .hasMessageContaining("UNAVAILABLE");
    }

    @Test
    void failsTheStreamOnDataThatIsNotJson() {
        assertThatThrownBy(() -> translator.onEvent(null, "{\"candidates\": [")).isInstanceOf(StreamFailure.class);
        assertThatThrownBy(() -> translator.onEvent(null, "[DONE]")).isInstanceOf(StreamFailure.class);
        assertThatThrownBy(() -> translator.onEvent(null, "[1, 2]")).isInstanceOf(StreamFailure.class);
    }

    private ArrayNode feed(String... events) {
        var all = JsonNodeFactory.instance.arrayNode();
        for (var event : events) {
            List<ObjectNode> chunks = translator.onEvent(null, event);
            all.addAll(chunks);
        }
        return all;
    }
}
