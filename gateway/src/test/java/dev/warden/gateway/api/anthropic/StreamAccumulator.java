package dev.warden.gateway.api.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.GoldenJson;
import dev.warden.gateway.GoldenJson.Event;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the final message from Anthropic stream events the way Anthropic's SDKs do (snapshot
 * from message_start, blocks appended and extended by index, tool input parsed from its JSON
 * deltas, stop reason and usage from message_delta), failing on any order they cannot follow.
 */
final class StreamAccumulator {

    private final Map<Integer, StringBuilder> toolInputs = new HashMap<>();
    private ObjectNode message;
    private int openBlock = -1;
    private boolean stopped;

    static ObjectNode accumulate(List<Event> events) {
        var accumulator = new StreamAccumulator();
        events.forEach(accumulator::accept);
        assertThat(accumulator.stopped).as("the stream ends with message_stop").isTrue();
        return accumulator.message;
    }

    private void accept(Event event) {
        var data = (ObjectNode) event.json();
        assertThat(data.get("type").asText()).as("the event name repeats the data's type").isEqualTo(event.event());
        assertThat(stopped).as("nothing follows message_stop").isFalse();
        if (!event.event().equals("message_start") && !event.event().equals("ping")) {
            assertThat(message).as("message_start comes first").isNotNull();
        }
        int index = data.path("index").asInt(-1);
        switch (event.event()) {
            case "message_start" -> {
                assertThat(message).as("one message_start").isNull();
                message = data.get("message").deepCopy();
            }
            case "content_block_start" -> {
                assertThat(index).as("blocks are numbered in order").isEqualTo(content().size());
                assertThat(openBlock).as("the previous block was stopped").isEqualTo(-1);
                content().add(data.get("content_block").deepCopy());
                openBlock = index;
            }
            case "content_block_delta" -> delta(index, data);
            case "content_block_stop" -> {
                assertThat(index).as("the open block is the one stopped").isEqualTo(openBlock);
                if (toolInputs.containsKey(index)) {
                    block(index).set("input", GoldenJson.tree(toolInputs.get(index).toString()));
                }
                openBlock = -1;
            }
            case "message_delta" -> {
                message.set("stop_reason", data.at("/delta/stop_reason"));
                message.set("stop_sequence", data.at("/delta/stop_sequence"));
                data.get("usage").properties().forEach(e -> ((ObjectNode) message.get("usage")).set(e.getKey(), e.getValue()));
            }
            case "message_stop" -> {
                assertThat(openBlock).as("every block was stopped").isEqualTo(-1);
                stopped = true;
            }
            case "ping" -> { }
            default -> fail("an event Anthropic's SDKs do not know: " + event.event());
        }
    }

    private void delta(int index, ObjectNode data) {
        assertThat(index).as("deltas go to the open block").isEqualTo(openBlock);
        var block = block(index);
        var delta = data.get("delta");
        switch (delta.get("type").asText()) {
            case "text_delta" -> {
                assertThat(block.get("type").asText()).isEqualTo("text");
                block.put("text", block.get("text").asText() + delta.get("text").asText());
            }
            case "input_json_delta" -> {
                assertThat(block.get("type").asText()).isEqualTo("tool_use");
                toolInputs.computeIfAbsent(index, i -> new StringBuilder()).append(delta.get("partial_json").asText());
            }
            default -> fail("an unexpected delta: " + delta);
        }
    }

    private ArrayNode content() {
        return (ArrayNode) message.get("content");
    }

    private ObjectNode block(int index) {
        return (ObjectNode) content().get(index);
    }
}
