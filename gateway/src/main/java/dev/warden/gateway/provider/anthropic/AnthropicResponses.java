package dev.warden.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Translates an Anthropic Messages API response ({@code "type": "message"}) into an OpenAI
 * {@code chat.completion}. Text blocks become the message's content, {@code tool_use} blocks its
 * tool calls; blocks without an OpenAI counterpart (thinking, server tools) are left out.
 */
public final class AnthropicResponses {

    private AnthropicResponses() {
    }

    /** Translates with the current time as {@code created}. */
    public static ObjectNode toOpenAi(JsonNode anthropicMessage) {
        return toOpenAi(anthropicMessage, Instant.now().getEpochSecond());
    }

    /**
     * @param created the completion's {@code created}, in seconds since the epoch
     * @throws IllegalArgumentException when the message has no {@code content} array
     */
    public static ObjectNode toOpenAi(JsonNode anthropicMessage, long created) {
        var content = anthropicMessage.get("content");
        if (content == null || !content.isArray()) {
            throw Json.invalid("content", "an Anthropic message has an array of content blocks");
        }
        var text = new StringBuilder();
        var toolCalls = Json.array();
        for (var block : content) {
            switch (String.valueOf(Json.text(block, "type"))) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> toolCalls.add(toolCall(block));
                default -> {
                    // thinking and server-tool blocks: OpenAI's completion has no place for them
                }
            }
        }
        var message = Json.object().put("role", "assistant");
        if (text.isEmpty() && !toolCalls.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        if (!toolCalls.isEmpty()) {
            message.set("tool_calls", toolCalls);
        }
        var completion = Json.object()
                .put("id", Json.text(anthropicMessage, "id"))
                .put("object", "chat.completion")
                .put("created", created)
                .put("model", Json.text(anthropicMessage, "model"));
        var choice = completion.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", FinishReasons.of(Json.text(anthropicMessage, "stop_reason")));
        completion.set("usage", new TokenUsage().update(anthropicMessage.get("usage")).toOpenAi());
        return completion;
    }

    private static ObjectNode toolCall(JsonNode block) {
        var input = block.get("input");
        var call = Json.object().put("id", Json.text(block, "id")).put("type", "function");
        call.putObject("function")
                .put("name", Json.text(block, "name"))
                .put("arguments", Json.write(input == null || input.isNull() ? Json.object() : input));
        return call;
    }
}
