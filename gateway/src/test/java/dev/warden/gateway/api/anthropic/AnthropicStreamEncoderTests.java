package dev.warden.gateway.api.anthropic;

import static dev.warden.gateway.GoldenJson.assertEvents;
import static dev.warden.gateway.GoldenJson.assertJson;
import static dev.warden.gateway.GoldenJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.GoldenJson.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicStreamEncoderTests {

    private final AnthropicStreamEncoder encoder = new AnthropicStreamEncoder("claude-sonnet-4-5");

    @Test
    void encodesAStreamedTextAnswer() {
        var chunks = """
                {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}
                {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null}
                {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"!"},"logprobs":null,"finish_reason":null}],"usage":null}
                {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}
                {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21}}
                """;

        var events = encode(chunks);

        assertEvents(events, """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_chatcmpl-123","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":9,"output_tokens":12}}

                event: message_stop
                data: {"type":"message_stop"}
                """);
    }

    @Test
    void encodesTextFollowedByTwoToolCallsAsSeparateBlocks() {
        var chunks = """
                {"id":"chatcmpl-9","choices":[{"index":0,"delta":{"role":"assistant","content":null},"finish_reason":null}]}
                {"id":"chatcmpl-9","choices":[{"index":0,"delta":{"content":"Checking."},"finish_reason":null}]}
                {"id":"chatcmpl-9","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}
                {"id":"chatcmpl-9","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]},"finish_reason":null}]}
                {"id":"chatcmpl-9","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Paris\\"}"}}]},"finish_reason":null}]}
                {"id":"chatcmpl-9","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Berlin\\"}"}}]},"finish_reason":null}]}
                {"id":"chatcmpl-9","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}
                {"id":"chatcmpl-9","choices":[],"usage":{"prompt_tokens":80,"completion_tokens":40,"total_tokens":120}}
                """;

        var events = encode(chunks);

        assertEvents(events, """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_chatcmpl-9","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: content_block_start
                data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"call_1","name":"get_weather","input":{}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\":"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\\"Paris\\"}"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":1}

                event: content_block_start
                data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"call_2","name":"get_weather","input":{}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\":\\"Berlin\\"}"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":2}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":80,"output_tokens":40}}

                event: message_stop
                data: {"type":"message_stop"}
                """);
    }

    @Test
    void opensANewTextBlockForTextAfterAToolCall() {
        var chunks = """
                {"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"now","arguments":"{}"}}]}}]}
                {"id":"c","choices":[{"index":0,"delta":{"content":"Done."}}]}
                """;

        var events = encode(chunks);

        assertThat(events).extracting(Event::event).containsExactly(
                "message_start", "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertJson(events.get(4).json(), """
                {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}
                """);
    }

    @Test
    void sendsArgumentsThatArriveLateForAnEarlierCallToThatCallsBlock() {
        var chunks = """
                {"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"f","arguments":"{\\"x\\":"}}]}}]}
                {"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"g","arguments":"{}"}}]}}]}
                {"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]}}]}
                """;

        var events = encode(chunks);

        assertJson(events.get(6).json(), """
                {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"1}"}}
                """);
    }

    @Test
    void givesTheInputCountAtTheStartWhenTheFirstChunkCarriesUsage() {
        var events = encode("""
                {"id":"c","choices":[{"index":0,"delta":{"role":"assistant"}}],"usage":{"prompt_tokens":31,"completion_tokens":0}}
                """);

        assertThat(events.get(0).json().at("/message/usage/input_tokens").asInt()).isEqualTo(31);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"stop, end_turn", "length, max_tokens", "content_filter, refusal", "tool_calls, tool_use"})
    void mapsTheFinishReasonToAStopReason(String finishReason, String stopReason) {
        var events = encode("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"" + finishReason + "\"}]}");

        assertThat(messageDelta(events).at("/delta/stop_reason").asText()).isEqualTo(stopReason);
    }

    @Test
    void endsTheTurnWhenTheStreamEndedWithoutAFinishReason() {
        var events = encode("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}");

        assertJson(messageDelta(events), """
                {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":0}}
                """);
    }

    @Test
    void encodesARefusalAsText() {
        var events = encode("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"I can't.\"},\"finish_reason\":\"content_filter\"}]}");

        assertThat(events.get(2).json().at("/delta/text").asText()).isEqualTo("I can't.");
    }

    @Test
    void ignoresChoicesOtherThanTheFirst() {
        var events = encode("{\"id\":\"c\",\"choices\":[{\"index\":1,\"delta\":{\"content\":\"other\"}}]}");

        assertThat(events).extracting(Event::event).containsExactly("message_start", "message_delta", "message_stop");
    }

    @Test
    void startsAndEndsAValidMessageEvenWhenNoChunkArrived() {
        var events = toEvents(encoder.finish());

        assertThat(events).extracting(Event::event).containsExactly("message_start", "message_delta", "message_stop");
        assertThat(events.get(0).json().at("/message/id").asText()).startsWith("msg_");
    }

    @Test
    void sendsNothingMoreOnceFinished() {
        encode("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}");

        var late = encoder.onChunk(json("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"y\"}}]}"));
        var again = encoder.finish();

        assertThat(late).isEmpty();
        assertThat(again).isEmpty();
    }

    @Test
    void encodesAnErrorAsAnthropicDoes() {
        var error = AnthropicStreamEncoder.error("overloaded_error", "Overloaded");

        assertThat(error.toWire()).isEqualTo("""
                event: error
                data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}

                """);
    }

    private List<Event> encode(String chunksOnePerLine) {
        var events = new ArrayList<AnthropicStreamEncoder.SseEvent>();
        chunksOnePerLine.lines().filter(line -> !line.isBlank()).forEach(line -> events.addAll(encoder.onChunk(json(line))));
        events.addAll(encoder.finish());
        return toEvents(events);
    }

    private static List<Event> toEvents(List<AnthropicStreamEncoder.SseEvent> events) {
        return events.stream().map(e -> new Event(e.event(), e.data())).toList();
    }

    private static JsonNode messageDelta(List<Event> events) {
        return events.stream().filter(e -> e.event().equals("message_delta")).findFirst().orElseThrow().json();
    }
}
