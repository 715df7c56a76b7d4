package dev.warden.gateway.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Translates the gateway's canonical OpenAI {@code chat.completion} into the response of
 * Anthropic's Messages API: a {@code message} with text and {@code tool_use} content blocks.
 */
public final class MessagesResponses {

    private MessagesResponses() {
    }

    /**
     * @param openAiCompletion the upstream's completion, already in OpenAI's format
     * @param requestedModel   the model as the client named it, which Anthropic echoes back
     * @throws IllegalArgumentException when the completion has no choice to translate
     */
    public static ObjectNode fromOpenAi(JsonNode openAiCompletion, String requestedModel) {
        var choice = openAiCompletion.path("choices").path(0);
        if (!choice.isObject()) {
            throw Json.invalid("choices", "a completion needs at least one choice");
        }
        var id = MessageIds.messageId(Json.text(openAiCompletion, "id"));
        var message = choice.path("message");
        var content = Json.array();
        addText(content, message.get("content"));
        addText(content, message.get("refusal"));
        int toolUses = addToolUses(content, message.path("tool_calls"), id);
        var response = Json.object()
                .put("id", id)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", requestedModel);
        response.set("content", content);
        response.put("stop_reason", StopReasons.of(Json.text(choice, "finish_reason"), toolUses > 0));
        response.putNull("stop_sequence");
        var usage = openAiCompletion.path("usage");
        response.putObject("usage")
                .put("input_tokens", usage.path("prompt_tokens").asLong(0))
                .put("output_tokens", usage.path("completion_tokens").asLong(0));
        return response;
    }

    private static void addText(ArrayNode content, JsonNode text) {
        var joined = new StringBuilder();
        if (text != null && text.isTextual()) {
            joined.append(text.asText());
        } else if (text != null && text.isArray()) {
            // Some OpenAI-compatible servers answer with content parts rather than a string.
            text.forEach(part -> joined.append(part.path("text").asText("")));
        }
        // Anthropic never sends empty text blocks, and its clients need not expect them.
        if (!joined.isEmpty()) {
            content.addObject().put("type", "text").put("text", joined.toString());
        }
    }

    private static int addToolUses(ArrayNode content, JsonNode calls, String messageId) {
        int count = 0;
        for (var call : calls) {
            var function = call.path("function");
            var block = content.addObject()
                    .put("type", "tool_use")
                    .put("id", MessageIds.toolUseId(Json.text(call, "id"), messageId, count))
                    .put("name", function.path("name").asText(""));
            block.set("input", input(Json.text(function, "arguments")));
            count++;
        }
        return count;
    }

    /** The call's arguments as an object; {@code {}} when the model wrote something else. */
    private static JsonNode input(String arguments) {
        var parsed = arguments == null ? null : Json.parseOrNull(arguments);
        return parsed != null && parsed.isObject() ? parsed : Json.object();
    }
}
