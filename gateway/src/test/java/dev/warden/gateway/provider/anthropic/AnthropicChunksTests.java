package dev.warden.gateway.provider.anthropic;

import static dev.warden.gateway.GoldenJson.assertJson;
import static dev.warden.gateway.GoldenJson.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.warden.gateway.provider.StreamFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicChunksTests {

    private static final String START = """
            event: message_start
            data: {"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "content": [], "model": "claude-sonnet-4-5-20250929", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 25, "output_tokens": 1}}}
            """;

    private final AnthropicChunks chunks = new AnthropicChunks(1_730_000_000L);

    @Test
    void translatesAStreamedTextAnswer() {
        var stream = """
                event: message_start
                data: {"type": "message_start", "message": {"id": "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "type": "message", "role": "assistant", "content": [], "model": "claude-sonnet-4-5-20250929", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 25, "output_tokens": 1}}}

                event: content_block_start
                data: {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}

                event: ping
                data: {"type": "ping"}

                event: content_block_delta
                data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}}

                event: content_block_delta
                data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "!"}}

                event: content_block_stop
                data: {"type": "content_block_stop", "index": 0}

                event: message_delta
                data: {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence":null}, "usage": {"output_tokens": 15}}

                event: message_stop
                data: {"type": "message_stop"}
                """;

        var translated = translate(stream);

        var header = """
                "id": "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "object": "chat.completion.chunk", "created": 1730000000, "model": "claude-sonnet-4-5-20250929"
                """.strip();
        assertJson(translated, """
                [
                  {%1$s, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": null}]},
                  {%1$s, "choices": [{"index": 0, "delta": {"content": "Hello"}, "finish_reason": null}]},
                  {%1$s, "choices": [{"index": 0, "delta": {"content": "!"}, "finish_reason": null}]},
                  {%1$s, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
                  {%1$s, "choices": [], "usage": {"prompt_tokens": 25, "completion_tokens": 15, "total_tokens": 40}}
                ]
                """.formatted(header));
        assertThat(chunks.finished()).isTrue();
    }

    @Test
    void translatesTextFollowedByTwoToolCalls() {
        var stream = START + """

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: content_block_start
                data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \\"San Francisco, CA\\"}"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":1}

                event: content_block_start
                data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_02","name":"get_time","input":{}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{}"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":2}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

                event: message_stop
                data: {"type":"message_stop"}
                """;

        var translated = translate(stream);

        assertJson(deltas(translated), """
                [
                  {"role": "assistant", "content": ""},
                  {"content": "Checking."},
                  {"tool_calls": [{"index": 0, "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "type": "function", "function": {"name": "get_weather", "arguments": ""}}]},
                  {"tool_calls": [{"index": 0, "function": {"arguments": "{\\"location\\":"}}]},
                  {"tool_calls": [{"index": 0, "function": {"arguments": " \\"San Francisco, CA\\"}"}}]},
                  {"tool_calls": [{"index": 1, "id": "toolu_02", "type": "function", "function": {"name": "get_time", "arguments": ""}}]},
                  {"tool_calls": [{"index": 1, "function": {"arguments": "{}"}}]},
                  {}
                ]
                """);
        assertThat(translated.get(7).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertJson(translated.get(8).get("usage"), """
                {"prompt_tokens": 25, "completion_tokens": 89, "total_tokens": 114}
                """);
    }

    @Test
    void leavesOutThinkingAndAnthropicsOwnToolsWithoutMistakingTheirInputForACall() {
        var stream = START + """

                data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}

                data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me search."}}

                data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}}

                data: {"type":"content_block_start","index":1,"content_block":{"type":"server_tool_use","id":"srvtoolu_014hJH82","name":"web_search","input":{}}}

                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"query\\": \\"weather\\"}"}}

                data: {"type":"content_block_start","index":2,"content_block":{"type":"text","text":""}}

                data: {"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":"Sunny."}}

                data: {"type":"content_block_delta","index":2,"delta":{"type":"citations_delta","citation":{"type":"web_search_result_location"}}}
                """;

        var translated = translate(stream);

        assertJson(deltas(translated), """
                [{"role": "assistant", "content": ""}, {"content": "Sunny."}]
                """);
    }

    @Test
    void takesTheFinalInputCountFromMessageDeltaWhenAnthropicSendsIt() {
        var stream = START + """

                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":2679,"cache_read_input_tokens":100,"output_tokens":510}}

                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":512}}

                data: {"type":"message_stop"}
                """;

        var translated = translate(stream);

        assertThat(translated).hasSize(3);
        assertJson(translated.get(2).get("usage"), """
                {"prompt_tokens": 2779, "completion_tokens": 512, "total_tokens": 3291, "prompt_tokens_details": {"cached_tokens": 100}}
                """);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"end_turn, stop", "stop_sequence, stop", "max_tokens, length", "tool_use, tool_calls", "refusal, content_filter"})
    void mapsTheStopReasonToAFinishReason(String stopReason, String finishReason) {
        translate(START);

        var translated = chunks.onEvent("message_delta",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason + "\"},\"usage\":{\"output_tokens\":3}}");

        assertThat(translated.get(0).at("/choices/0/finish_reason").asText()).isEqualTo(finishReason);
    }

    @Test
    void isNotFinishedUntilMessageStopEvenAfterTheFinishReason() {
        translate(START + """

                data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}}
                """);

        assertThat(chunks.finished()).isFalse();
    }

    @Test
    void ignoresPingsAndEventTypesItDoesNotKnow() {
        translate(START);

        var ping = chunks.onEvent("ping", "{\"type\": \"ping\"}");
        var unknown = chunks.onEvent("future_event", "{\"type\": \"future_event\", \"x\": 1}");

        assertThat(ping).isEmpty();
        assertThat(unknown).isEmpty();
    }

    @Test
    void failsWithTheUpstreamsMessageOnAnErrorEvent() {
        translate(START);

        assertThatThrownBy(() -> chunks.onEvent("error",
                "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}"))
                .isInstanceOf(StreamFailure.class)
                .hasMessage("Overloaded");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"type\": \"message_start\", \"message\": {",
            "[1, 2]",
            "{\"type\": \"message_start\"} trailing",
            "{\"type\": \"message_start\", \"message\": {\"model\": \"claude\"}}",
            "{\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"early\"}}"})
    void failsWhenTheUpstreamBreaksItsProtocol(String data) {
        assertThatThrownBy(() -> chunks.onEvent(null, data)).isInstanceOf(StreamFailure.class);
    }

    @Test
    void failsOnABlockEventWithoutAnIndex() {
        translate(START);

        assertThatThrownBy(() -> chunks.onEvent("content_block_start",
                "{\"type\":\"content_block_start\",\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}}"))
                .isInstanceOf(StreamFailure.class)
                .hasMessageContaining("index");
    }

    private ArrayNode translate(String stream) {
        var all = Json.array();
        for (var event : sse(stream)) {
            all.addAll(chunks.onEvent(event.event(), event.data()));
        }
        return all;
    }

    private static ArrayNode deltas(ArrayNode chunks) {
        var deltas = Json.array();
        for (var chunk : chunks) {
            if (!chunk.get("choices").isEmpty()) {
                deltas.add(chunk.at("/choices/0/delta"));
            }
        }
        return deltas;
    }
}
