package dev.warden.gateway.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.provider.ChunkTranslator;
import dev.warden.gateway.provider.StreamFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates the events of Gemini's {@code streamGenerateContent?alt=sse} into OpenAI chunks.
 *
 * <p>Each event's data is a whole {@code GenerateContentResponse} holding the next slice of the
 * answer. Gemini sends no closing event: the event whose candidate carries a {@code finishReason}
 * is the last, so it yields the finish chunk, then the usage chunk, and ends the stream. Function
 * calls arrive whole, so each becomes one complete tool-call delta.
 */
public final class GeminiChunks implements ChunkTranslator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String model;
    private final long created;
    private String id;
    private int toolCalls;
    private JsonNode usage;
    private boolean finished;

    /**
     * Starts translating one stream.
     *
     * @param model   the model to report in every chunk, as the client named it
     * @param created the stream's creation time, in seconds since the epoch
     */
    public GeminiChunks(String model, long created) {
        this.model = model;
        this.created = created;
    }

    @Override
    public List<ObjectNode> onEvent(String event, String data) {
        // SSE dispatches no event without data, so a blank one carries nothing to translate.
        if (finished || data == null || data.isBlank()) {
            return List.of();
        }
        var response = parse(data);
        if (response.has("error")) {
            throw new StreamFailure(GeminiOutput.errorMessage(response.get("error")));
        }
        var chunks = new ArrayList<ObjectNode>();
        if (id == null) {
            id = GeminiOutput.completionId(response);
            chunks.add(choiceChunk(NODES.objectNode().put("role", "assistant").put("content", ""), null));
        }
        // Gemini repeats usage in each event, complete only in the last.
        if (response.path("usageMetadata").isObject()) {
            usage = response.get("usageMetadata");
        }
        if (GeminiOutput.promptBlocked(response)) {
            finish(chunks, "content_filter");
            return chunks;
        }
        var candidate = response.path("candidates").path(0);
        for (var part : candidate.path("content").path("parts")) {
            if (GeminiOutput.isAnswerText(part) && !part.get("text").asText().isEmpty()) {
                chunks.add(choiceChunk(NODES.objectNode().put("content", part.get("text").asText()), null));
            } else if (part.has("functionCall")) {
                chunks.add(choiceChunk(toolCallDelta(part.get("functionCall")), null));
            }
        }
        if (candidate.hasNonNull("finishReason")) {
            finish(chunks, GeminiOutput.finishReason(candidate.get("finishReason").asText(), toolCalls > 0));
        }
        return chunks;
    }

    @Override
    public boolean finished() {
        return finished;
    }

    private static JsonNode parse(String data) {
        JsonNode response;
        try {
            response = OpenAiFields.JSON.readTree(data);
        } catch (JsonProcessingException e) {
            throw new StreamFailure("Gemini sent an event that is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!response.isObject()) {
            throw new StreamFailure("Gemini sent an event that is not a JSON object");
        }
        return response;
    }

    private ObjectNode toolCallDelta(JsonNode functionCall) {
        int index = toolCalls++;
        var delta = NODES.objectNode();
        delta.putArray("tool_calls").addObject().put("index", index).setAll(GeminiOutput.toolCall(functionCall, index));
        return delta;
    }

    private void finish(List<ObjectNode> chunks, String reason) {
        chunks.add(choiceChunk(NODES.objectNode(), reason));
        if (usage != null) {
            var last = chunk();
            last.putArray("choices");
            last.set("usage", GeminiOutput.usage(usage));
            chunks.add(last);
        }
        finished = true;
    }

    private ObjectNode choiceChunk(ObjectNode delta, String finishReason) {
        var chunk = chunk();
        var choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    private ObjectNode chunk() {
        return NODES.objectNode()
                .put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", created)
                .put("model", model);
    }
}
