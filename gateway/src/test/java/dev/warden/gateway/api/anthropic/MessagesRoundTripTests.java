package dev.warden.gateway.api.anthropic;

import static dev.warden.gateway.GoldenJson.assertEvents;
import static dev.warden.gateway.GoldenJson.assertJson;
import static dev.warden.gateway.GoldenJson.json;
import static dev.warden.gateway.GoldenJson.sse;

import dev.warden.gateway.GoldenJson.Event;
import dev.warden.gateway.provider.anthropic.AnthropicChunks;
import dev.warden.gateway.provider.anthropic.AnthropicRequests;
import dev.warden.gateway.provider.anthropic.AnthropicResponses;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An Anthropic client served by an Anthropic upstream goes through both translations, into the
 * canonical OpenAI format and back out; what it sends and receives must keep its meaning.
 */
class MessagesRoundTripTests {

    private static final String TOOL_USE_STREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2},"content":[],"stop_reason":null}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay, let's check"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" the weather:"}}

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

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

            event: message_stop
            data: {"type":"message_stop"}
            """;

    @Test
    void aRequestKeepsItsMeaningThroughOpenAisFormat() {
        var original = """
                {
                  "model": "claude-sonnet-4-5",
                  "max_tokens": 1024,
                  "system": "You are a weather assistant.",
                  "messages": [
                    {"role": "user", "content": [
                      {"type": "text", "text": "What's the weather where this photo was taken?"},
                      {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/4AAQSkZJRg=="}}
                    ]},
                    {"role": "assistant", "content": [
                      {"type": "text", "text": "That's Paris; let me check."},
                      {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"city": "Paris", "days": 1.50}}
                    ]},
                    {"role": "user", "content": [
                      {"type": "tool_result", "tool_use_id": "toolu_01", "content": "18°C, sunny"},
                      {"type": "text", "text": "Thanks. And tomorrow?"}
                    ]}
                  ],
                  "tools": [{"name": "get_weather", "description": "Current weather for a city",
                    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}],
                  "tool_choice": {"type": "tool", "name": "get_weather", "disable_parallel_tool_use": true},
                  "temperature": 0.5,
                  "stop_sequences": ["END"],
                  "metadata": {"user_id": "user-123"},
                  "stream": true
                }
                """;

        var canonical = MessagesRequests.toOpenAi(json(original));
        var upstream = AnthropicRequests.fromOpenAi(canonical, "claude-sonnet-4-5", true);

        assertJson(upstream, original);
    }

    @Test
    void aResponseKeepsItsMeaningThroughOpenAisFormat() {
        var original = """
                {
                  "id": "msg_014p7gG3wDgGV9EUtLvnow3U",
                  "type": "message",
                  "role": "assistant",
                  "model": "claude-sonnet-4-5",
                  "content": [
                    {"type": "text", "text": "Okay, let's check the weather:"},
                    {"type": "tool_use", "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "name": "get_weather", "input": {"location": "San Francisco, CA"}}
                  ],
                  "stop_reason": "tool_use",
                  "stop_sequence": null,
                  "usage": {"input_tokens": 472, "output_tokens": 89}
                }
                """;

        var canonical = AnthropicResponses.toOpenAi(json(original), 1_730_000_000L);
        var client = MessagesResponses.fromOpenAi(canonical, "claude-sonnet-4-5");

        assertJson(client, original);
    }

    @Test
    void aStreamKeepsItsEventsThroughOpenAisFormatSavePingsAndTheEarlyInputCount() {
        var events = relay(TOOL_USE_STREAM);

        assertEvents(events, """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay, let's check"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" the weather:"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: content_block_start
                data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \\"San Francisco, CA\\"}"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":1}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":472,"output_tokens":89}}

                event: message_stop
                data: {"type":"message_stop"}
                """);
    }

    @Test
    void aRelayedStreamAccumulatesToTheMessageANonStreamingCallReturns() {
        var events = relay(TOOL_USE_STREAM);

        var accumulated = StreamAccumulator.accumulate(events);

        assertJson(accumulated, """
                {
                  "id": "msg_014p7gG3wDgGV9EUtLvnow3U",
                  "type": "message",
                  "role": "assistant",
                  "model": "claude-sonnet-4-5",
                  "content": [
                    {"type": "text", "text": "Okay, let's check the weather:"},
                    {"type": "tool_use", "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "name": "get_weather", "input": {"location": "San Francisco, CA"}}
                  ],
                  "stop_reason": "tool_use",
                  "stop_sequence": null,
                  "usage": {"input_tokens": 472, "output_tokens": 89}
                }
                """);
    }

    private static List<Event> relay(String anthropicStream) {
        var upstream = new AnthropicChunks(1_730_000_000L);
        var client = new AnthropicStreamEncoder("claude-sonnet-4-5");
        var out = new ArrayList<AnthropicStreamEncoder.SseEvent>();
        for (var event : sse(anthropicStream)) {
            upstream.onEvent(event.event(), event.data()).forEach(chunk -> out.addAll(client.onChunk(chunk)));
        }
        out.addAll(client.finish());
        return out.stream().map(e -> new Event(e.event(), e.data())).toList();
    }
}
