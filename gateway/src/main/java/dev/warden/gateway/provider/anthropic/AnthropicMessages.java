package dev.warden.gateway.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat messages as Anthropic's conversation: system and developer messages become the
 * top-level system prompt, tool results become user turns, and consecutive turns of one role are
 * merged because Anthropic requires user and assistant to alternate.
 */
final class AnthropicMessages {

    private final List<String> system = new ArrayList<>();
    private final ArrayNode messages = Json.array();

    private AnthropicMessages() {
    }

    static AnthropicMessages of(JsonNode openAiMessages) {
        if (openAiMessages == null || !openAiMessages.isArray()) {
            throw Json.invalid("messages", "expected an array of messages");
        }
        var conversation = new AnthropicMessages();
        for (int i = 0; i < openAiMessages.size(); i++) {
            conversation.add(openAiMessages.get(i), "messages[" + i + "]");
        }
        return conversation;
    }

    /** The system prompt, system messages joined by blank lines, or null when there is none. */
    String system() {
        return system.isEmpty() ? null : String.join("\n\n", system);
    }

    ArrayNode messages() {
        return messages;
    }

    private void add(JsonNode message, String path) {
        var role = message.isObject() ? Json.text(message, "role") : null;
        if (role == null) {
            throw Json.invalid(path + ".role", "a message needs a role");
        }
        var content = message.get("content");
        switch (role) {
            case "system", "developer" -> addSystem(AnthropicContent.text(content, path + ".content"));
            case "user" -> append("user", AnthropicContent.blocks(content, path + ".content"));
            case "assistant" -> append("assistant", assistantBlocks(message, path));
            case "tool" -> append("user", List.of(toolResult(message, path)));
            default -> throw Json.invalid(path + ".role", "'" + role + "' has no Anthropic counterpart");
        }
    }

    private void addSystem(String text) {
        if (!text.isEmpty()) {
            system.add(text);
        }
    }

    private void append(String role, List<ObjectNode> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        var last = messages.isEmpty() ? null : (ObjectNode) messages.get(messages.size() - 1);
        if (last != null && role.equals(Json.text(last, "role"))) {
            ((ArrayNode) last.get("content")).addAll(blocks);
            return;
        }
        var message = messages.addObject().put("role", role);
        message.putArray("content").addAll(blocks);
    }

    private static List<ObjectNode> assistantBlocks(JsonNode message, String path) {
        var blocks = AnthropicContent.blocks(message.get("content"), path + ".content");
        var calls = message.get("tool_calls");
        if (calls == null || calls.isNull()) {
            return blocks;
        }
        if (!calls.isArray()) {
            throw Json.invalid(path + ".tool_calls", "expected an array");
        }
        for (int i = 0; i < calls.size(); i++) {
            blocks.add(toolUse(calls.get(i), path + ".tool_calls[" + i + "]"));
        }
        return blocks;
    }

    private static ObjectNode toolUse(JsonNode call, String path) {
        var function = call.path("function");
        var id = Json.text(call, "id");
        var name = Json.text(function, "name");
        if (id == null) {
            throw Json.invalid(path + ".id", "a tool call needs an id");
        }
        if (name == null) {
            throw Json.invalid(path + ".function.name", "a tool call needs a function name");
        }
        var block = Json.object().put("type", "tool_use").put("id", id).put("name", name);
        block.set("input", input(Json.text(function, "arguments"), path + ".function.arguments"));
        return block;
    }

    private static JsonNode input(String arguments, String path) {
        // Clients replaying calls of tools without parameters often send "" rather than "{}".
        if (arguments == null || arguments.isBlank()) {
            return Json.object();
        }
        JsonNode input;
        try {
            input = Json.parse(arguments);
        } catch (JsonProcessingException e) {
            throw Json.invalid(path, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!input.isObject()) {
            throw Json.invalid(path, "expected a JSON object, as Anthropic's tool input is one");
        }
        return input;
    }

    private static ObjectNode toolResult(JsonNode message, String path) {
        var toolCallId = Json.text(message, "tool_call_id");
        if (toolCallId == null) {
            throw Json.invalid(path + ".tool_call_id", "a tool message needs the id of its call");
        }
        var result = Json.object().put("type", "tool_result").put("tool_use_id", toolCallId);
        var content = message.get("content");
        if (content != null && content.isTextual()) {
            result.put("content", content.asText());
        } else {
            var blocks = AnthropicContent.blocks(content, path + ".content");
            if (!blocks.isEmpty()) {
                result.putArray("content").addAll(blocks);
            }
        }
        return result;
    }
}
