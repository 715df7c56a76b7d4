package dev.warden.gateway.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.provider.ChunkTranslator;
import dev.warden.gateway.provider.StreamFailure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates an Anthropic Messages API stream into OpenAI chunks: {@code message_start} gives the
 * role chunk, text and tool-input deltas give content and tool-call deltas, {@code message_delta}
 * the finish reason, and {@code message_stop} the usage chunk that ends the stream. Pings, block
 * stops, thinking and server-tool blocks, and event types Anthropic may add later yield nothing.
 */
public final class AnthropicChunks implements ChunkTranslator {

    private final long created;
    private final TokenUsage usage = new TokenUsage();
    /** Anthropic content-block index to OpenAI tool-call index, for tool_use blocks only. */
    private final Map<Integer, Integer> toolCalls = new HashMap<>();
    private String id;
    private String model;
    private boolean finishReasonSent;
    private boolean finished;

    /** @param created every chunk's {@code created}, in seconds since the epoch */
    public AnthropicChunks(long created) {
        this.created = created;
    }

    @Override
    public List<ObjectNode> onEvent(String event, String data) {
        var payload = parse(data);
        var type = payload.has("type") ? Json.text(payload, "type") : event;
        if (type == null || finished) {
            return List.of();
        }
        if (!type.equals("message_start") && !type.equals("error") && !type.equals("ping") && id == null) {
            throw new StreamFailure("Anthropic sent " + type + " before message_start");
        }
        return switch (type) {
            case "message_start" -> start(payload.path("message"));
            case "content_block_start" -> blockStart(payload);
            case "content_block_delta" -> blockDelta(payload);
            case "message_delta" -> messageDelta(payload);
            case "message_stop" -> stop();
            case "error" -> throw failure(payload.path("error"));
            default -> List.of();
        };
    }

    @Override
    public boolean finished() {
        return finished;
    }

    private static ObjectNode parse(String data) {
        if (data == null || data.isBlank()) {
            return Json.object();
        }
        try {
            if (Json.parse(data) instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw new StreamFailure("Anthropic sent an event that is not JSON: " + e.getOriginalMessage(), e);
        }
        throw new StreamFailure("Anthropic sent an event that is not a JSON object");
    }

    private List<ObjectNode> start(JsonNode message) {
        id = Json.text(message, "id");
        model = Json.text(message, "model");
        if (id == null) {
            throw new StreamFailure("Anthropic's message_start has no message id");
        }
        usage.update(message.get("usage"));
        var delta = Json.object().put("role", "assistant").put("content", "");
        return List.of(chunk(delta));
    }

    private List<ObjectNode> blockStart(JsonNode payload) {
        var block = payload.path("content_block");
        var type = Json.text(block, "type");
        if ("text".equals(type)) {
            var text = block.path("text").asText("");
            return text.isEmpty() ? List.of() : List.of(chunk(Json.object().put("content", text)));
        }
        if (!"tool_use".equals(type)) {
            return List.of();
        }
        int toolIndex = toolCalls.size();
        toolCalls.put(index(payload), toolIndex);
        var call = Json.object().put("index", toolIndex).put("id", Json.text(block, "id")).put("type", "function");
        call.putObject("function").put("name", Json.text(block, "name")).put("arguments", "");
        return List.of(toolCallChunk(call));
    }

    private List<ObjectNode> blockDelta(JsonNode payload) {
        var delta = payload.path("delta");
        switch (String.valueOf(Json.text(delta, "type"))) {
            case "text_delta" -> {
                return List.of(chunk(Json.object().put("content", delta.path("text").asText(""))));
            }
            case "input_json_delta" -> {
                var toolIndex = toolCalls.get(index(payload));
                var json = delta.path("partial_json").asText("");
                if (toolIndex == null || json.isEmpty()) {
                    return List.of();
                }
                var call = Json.object().put("index", toolIndex);
                call.putObject("function").put("arguments", json);
                return List.of(toolCallChunk(call));
            }
            default -> {
                return List.of();
            }
        }
    }

    private List<ObjectNode> messageDelta(JsonNode payload) {
        usage.update(payload.get("usage"));
        var stopReason = Json.text(payload.path("delta"), "stop_reason");
        // Anthropic may send several message_delta events; OpenAI has one finish_reason.
        if (stopReason == null || finishReasonSent) {
            return List.of();
        }
        finishReasonSent = true;
        var chunk = chunk(Json.object());
        ((ObjectNode) chunk.get("choices").get(0)).put("finish_reason", FinishReasons.of(stopReason));
        return List.of(chunk);
    }

    private List<ObjectNode> stop() {
        finished = true;
        var chunk = header();
        chunk.putArray("choices");
        chunk.set("usage", usage.toOpenAi());
        return List.of(chunk);
    }

    private static StreamFailure failure(JsonNode error) {
        var message = Json.text(error, "message");
        var type = Json.text(error, "type");
        return new StreamFailure(message != null ? message : type != null ? type : "Anthropic reported an error");
    }

    private static int index(JsonNode payload) {
        var index = payload.get("index");
        if (index == null || !index.canConvertToInt()) {
            throw new StreamFailure("Anthropic sent a content block event without an index");
        }
        return index.asInt();
    }

    private ObjectNode toolCallChunk(ObjectNode call) {
        var delta = Json.object();
        delta.putArray("tool_calls").add(call);
        return chunk(delta);
    }

    private ObjectNode chunk(ObjectNode delta) {
        var chunk = header();
        var choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("finish_reason");
        return chunk;
    }

    private ObjectNode header() {
        return Json.object()
                .put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", created)
                .put("model", model);
    }
}
