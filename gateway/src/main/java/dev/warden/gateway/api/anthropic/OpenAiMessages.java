package dev.warden.gateway.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic's system prompt and messages as OpenAI chat messages: the system prompt first, tool
 * results as {@code tool} messages, tool uses as an assistant's {@code tool_calls}.
 */
final class OpenAiMessages {

    private OpenAiMessages() {
    }

    static ArrayNode of(JsonNode request) {
        var out = Json.array();
        var system = request.get("system");
        if (system != null && !system.isNull()) {
            var text = OpenAiContent.text(system, "system", null);
            if (!text.isEmpty()) {
                out.addObject().put("role", "system").put("content", text);
            }
        }
        var messages = Json.requireArray(request, "messages", "messages");
        if (messages.isEmpty()) {
            throw Json.invalid("messages", "at least one message is required");
        }
        for (int i = 0; i < messages.size(); i++) {
            add(messages.get(i), "messages[" + i + "]", out);
        }
        return out;
    }

    private static void add(JsonNode message, String path, ArrayNode out) {
        var role = Json.requireText(message, "role", path + ".role");
        var content = message.get("content");
        if (content == null || !(content.isTextual() || content.isArray())) {
            throw Json.invalid(path + ".content", "expected a string or an array of content blocks");
        }
        switch (role) {
            case "user" -> user(content, path + ".content", out);
            case "assistant" -> assistant(content, path + ".content", out);
            default -> throw Json.invalid(path + ".role", "expected user or assistant");
        }
    }

    private static void user(JsonNode content, String path, ArrayNode out) {
        if (content.isTextual()) {
            out.addObject().put("role", "user").put("content", content.asText());
            return;
        }
        var parts = new ArrayList<ObjectNode>();
        for (int i = 0; i < content.size(); i++) {
            var blockPath = path + "[" + i + "]";
            var block = content.get(i);
            switch (Json.requireText(block, "type", blockPath + ".type")) {
                case "text" -> parts.add(OpenAiContent.textPart(Json.requireText(block, "text", blockPath + ".text")));
                case "image" -> parts.add(OpenAiContent.imagePart(block, blockPath));
                // OpenAI wants tool messages right after the assistant's calls, so they go before
                // the user message that carries the rest of this turn.
                case "tool_result" -> out.add(toolMessage(block, blockPath, parts));
                default -> throw unsupported(block, blockPath);
            }
        }
        if (!parts.isEmpty()) {
            out.addObject().put("role", "user").set("content", OpenAiContent.content(parts));
        }
    }

    private static ObjectNode toolMessage(JsonNode block, String path, List<ObjectNode> images) {
        var id = Json.requireText(block, "tool_use_id", path + ".tool_use_id");
        var text = OpenAiContent.text(block.get("content"), path + ".content", images);
        if (block.path("is_error").asBoolean(false)) {
            // OpenAI's tool messages have no error flag; the model reads the failure in the text.
            text = text.isEmpty() ? "Error" : "Error: " + text;
        }
        return Json.object().put("role", "tool").put("tool_call_id", id).put("content", text);
    }

    private static void assistant(JsonNode content, String path, ArrayNode out) {
        if (content.isTextual()) {
            out.addObject().put("role", "assistant").put("content", content.asText());
            return;
        }
        var parts = new ArrayList<ObjectNode>();
        var calls = Json.array();
        for (int i = 0; i < content.size(); i++) {
            var blockPath = path + "[" + i + "]";
            var block = content.get(i);
            switch (Json.requireText(block, "type", blockPath + ".type")) {
                case "text" -> parts.add(OpenAiContent.textPart(Json.requireText(block, "text", blockPath + ".text")));
                case "tool_use" -> calls.add(toolCall(block, blockPath));
                // Thinking is signed for Anthropic's own models; no other provider can read it back.
                case "thinking", "redacted_thinking" -> { }
                default -> throw unsupported(block, blockPath);
            }
        }
        if (!parts.isEmpty() || !calls.isEmpty()) {
            out.add(assistantMessage(parts, calls));
        }
    }

    private static ObjectNode assistantMessage(List<ObjectNode> parts, ArrayNode calls) {
        var message = Json.object().put("role", "assistant");
        if (parts.isEmpty()) {
            message.putNull("content");
        } else {
            message.set("content", OpenAiContent.content(parts));
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        return message;
    }

    private static ObjectNode toolCall(JsonNode block, String path) {
        var input = block.get("input");
        if (input != null && !input.isNull() && !input.isObject()) {
            throw Json.invalid(path + ".input", "expected an object");
        }
        var call = Json.object()
                .put("id", Json.requireText(block, "id", path + ".id"))
                .put("type", "function");
        call.putObject("function")
                .put("name", Json.requireText(block, "name", path + ".name"))
                .put("arguments", Json.write(input == null || input.isNull() ? Json.object() : input));
        return call;
    }

    private static IllegalArgumentException unsupported(JsonNode block, String path) {
        return Json.invalid(path + ".type", "'" + block.get("type").asText() + "' blocks are not supported here");
    }
}
