package dev.warden.gateway.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes the gateway's canonical stream of OpenAI {@code chat.completion.chunk} objects as the
 * server-sent events of Anthropic's Messages API, in the order Anthropic's SDKs accumulate:
 * {@code message_start}; for each content block {@code content_block_start}, its deltas and
 * {@code content_block_stop}; then {@code message_delta} with the stop reason and usage, and
 * {@code message_stop}. One instance per stream; not thread-safe.
 *
 * <p>OpenAI reports the finish reason before the usage, Anthropic both in one event, so the
 * closing events wait for {@link #finish()}, which the caller invokes when the canonical stream
 * ends. No {@code ping} is sent: Anthropic's SDKs ignore it.
 */
public final class AnthropicStreamEncoder {

    /** One server-sent event: its name and its data, compact JSON. */
    public record SseEvent(String event, String data) {

        /** The event as it goes on the wire, ending with the blank line that ends an event. */
        public String toWire() {
            return "event: " + event + "\ndata: " + data + "\n\n";
        }
    }

    private final String requestedModel;
    /** OpenAI tool-call index to the content-block index of its tool_use block. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private String messageId;
    private boolean started;
    private boolean finished;
    private int nextBlock;
    private int openBlock = -1;
    private boolean textOpen;
    private String finishReason;
    private Long inputTokens;
    private long outputTokens;

    /** @param requestedModel the model as the client named it, which Anthropic echoes back */
    public AnthropicStreamEncoder(String requestedModel) {
        this.requestedModel = requestedModel;
    }

    /** The events one canonical chunk yields, in order; often none, never the closing ones. */
    public List<SseEvent> onChunk(ObjectNode openAiChunk) {
        var events = new ArrayList<SseEvent>();
        if (finished) {
            return events;
        }
        readUsage(openAiChunk.get("usage"));
        if (!started) {
            start(events, Json.text(openAiChunk, "id"));
        }
        for (var choice : openAiChunk.path("choices")) {
            if (choice.path("index").asInt(0) != 0) {
                continue;
            }
            var delta = choice.path("delta");
            text(events, delta.get("content"));
            text(events, delta.get("refusal"));
            delta.path("tool_calls").forEach(call -> toolCall(events, call));
            var reason = Json.text(choice, "finish_reason");
            if (reason != null) {
                finishReason = reason;
            }
        }
        return events;
    }

    /** The closing events: the open block's stop, {@code message_delta} and {@code message_stop}. */
    public List<SseEvent> finish() {
        var events = new ArrayList<SseEvent>();
        if (finished) {
            return events;
        }
        if (!started) {
            start(events, null);
        }
        closeBlock(events);
        var messageDelta = payload("message_delta");
        messageDelta.putObject("delta")
                .put("stop_reason", StopReasons.of(finishReason, !toolBlocks.isEmpty()))
                .putNull("stop_sequence");
        var usage = messageDelta.putObject("usage");
        if (inputTokens != null) {
            // Anthropic's current API repeats the final input count here, and its SDKs take it.
            usage.put("input_tokens", inputTokens);
        }
        usage.put("output_tokens", outputTokens);
        events.add(event(messageDelta));
        events.add(event(payload("message_stop")));
        finished = true;
        return events;
    }

    /**
     * An {@code error} event, for a failure after the stream has begun.
     *
     * @param type Anthropic's error type, for example {@code overloaded_error} or {@code api_error}
     */
    public static SseEvent error(String type, String message) {
        var error = payload("error");
        error.putObject("error").put("type", type).put("message", message);
        return event(error);
    }

    private void readUsage(JsonNode usage) {
        if (usage != null && usage.isObject()) {
            inputTokens = usage.path("prompt_tokens").asLong(inputTokens == null ? 0 : inputTokens);
            outputTokens = usage.path("completion_tokens").asLong(outputTokens);
        }
    }

    private void start(List<SseEvent> events, String upstreamId) {
        started = true;
        messageId = MessageIds.messageId(upstreamId);
        var message = Json.object()
                .put("id", messageId)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", requestedModel);
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", inputTokens == null ? 0 : inputTokens).put("output_tokens", 0);
        var messageStart = payload("message_start");
        messageStart.set("message", message);
        events.add(event(messageStart));
    }

    private void text(List<SseEvent> events, JsonNode text) {
        if (text == null || !text.isTextual() || text.asText().isEmpty()) {
            return;
        }
        if (!textOpen) {
            var block = Json.object().put("type", "text").put("text", "");
            openBlock(events, block);
            textOpen = true;
        }
        var delta = Json.object().put("type", "text_delta").put("text", text.asText());
        events.add(blockDelta(openBlock, delta));
    }

    private void toolCall(List<SseEvent> events, JsonNode call) {
        int toolIndex = call.path("index").asInt(toolBlocks.size());
        var block = toolBlocks.get(toolIndex);
        if (block == null) {
            var toolUse = Json.object()
                    .put("type", "tool_use")
                    .put("id", MessageIds.toolUseId(Json.text(call, "id"), messageId, toolIndex))
                    .put("name", call.path("function").path("name").asText(""));
            toolUse.putObject("input");
            block = openBlock(events, toolUse);
            toolBlocks.put(toolIndex, block);
        }
        var arguments = call.path("function").path("arguments").asText("");
        if (!arguments.isEmpty()) {
            // Arguments for a call whose block was closed (calls interleaved) still name that
            // block: the SDKs append deltas by index, so nothing is lost.
            var delta = Json.object().put("type", "input_json_delta").put("partial_json", arguments);
            events.add(blockDelta(block, delta));
        }
    }

    private int openBlock(List<SseEvent> events, ObjectNode contentBlock) {
        closeBlock(events);
        openBlock = nextBlock++;
        var start = payload("content_block_start").put("index", openBlock);
        start.set("content_block", contentBlock);
        events.add(event(start));
        return openBlock;
    }

    private void closeBlock(List<SseEvent> events) {
        if (openBlock >= 0) {
            events.add(event(payload("content_block_stop").put("index", openBlock)));
            openBlock = -1;
            textOpen = false;
        }
    }

    private static SseEvent blockDelta(int index, ObjectNode delta) {
        var event = payload("content_block_delta").put("index", index);
        event.set("delta", delta);
        return event(event);
    }

    private static ObjectNode payload(String type) {
        return Json.object().put("type", type);
    }

    private static SseEvent event(ObjectNode payload) {
        return new SseEvent(payload.get("type").asText(), Json.write(payload));
    }
}
