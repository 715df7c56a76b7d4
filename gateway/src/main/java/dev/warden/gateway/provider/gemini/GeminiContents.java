package dev.warden.gateway.provider.gemini;

import static dev.warden.gateway.provider.gemini.OpenAiFields.NODES;
import static dev.warden.gateway.provider.gemini.OpenAiFields.optionalText;
import static dev.warden.gateway.provider.gemini.OpenAiFields.parseOrNull;
import static dev.warden.gateway.provider.gemini.OpenAiFields.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns OpenAI's {@code messages} into Gemini's {@code contents} and {@code systemInstruction}.
 *
 * <p>Gemini knows two roles, {@code user} and {@code model}; tool results travel as
 * {@code functionResponse} parts of a user turn, named by function rather than by call id.
 */
final class GeminiContents {

    private GeminiContents() {
    }

    static void translate(JsonNode messages, ObjectNode gemini) {
        if (!messages.isArray()) {
            throw new IllegalArgumentException("messages must be a list");
        }
        var contents = gemini.putArray("contents");
        var system = NODES.arrayNode();
        // Later calls win: clients may reuse ids across turns, and a result answers the latest call.
        var functionNames = new HashMap<String, String>();
        for (int i = 0; i < messages.size(); i++) {
            var message = messages.get(i);
            var path = "messages[" + i + "]";
            var role = message.path("role").asText("");
            switch (role) {
                case "system", "developer" -> GeminiParts.texts(message.get("content"), path + ".content")
                        .forEach(text -> GeminiParts.addText(system, text));
                case "user" -> append(contents, "user", GeminiParts.fromContent(message.get("content"), path + ".content"));
                case "assistant" -> append(contents, "model", assistant(message, path, functionNames));
                case "tool" -> append(contents, "user", toolResult(message, path, functionNames));
                default -> throw new IllegalArgumentException(path + ".role '" + role + "' cannot be sent to Gemini");
            }
        }
        if (!system.isEmpty()) {
            gemini.putObject("systemInstruction").set("parts", system);
        }
    }

    /** Adds parts as a new turn, or to the last turn when it has the same role: Gemini wants turns to alternate. */
    private static void append(ArrayNode contents, String role, ArrayNode parts) {
        if (parts.isEmpty()) {
            return;
        }
        var last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            ((ArrayNode) last.get("parts")).addAll(parts);
        } else {
            contents.addObject().put("role", role).set("parts", parts);
        }
    }

    private static ArrayNode assistant(JsonNode message, String path, Map<String, String> functionNames) {
        var parts = GeminiParts.fromContent(message.get("content"), path + ".content");
        var calls = message.get("tool_calls");
        if (calls == null || calls.isNull()) {
            return parts;
        }
        if (!calls.isArray()) {
            throw new IllegalArgumentException(path + ".tool_calls must be a list");
        }
        for (int j = 0; j < calls.size(); j++) {
            parts.add(functionCall(calls.get(j), path + ".tool_calls[" + j + "]", functionNames));
        }
        return parts;
    }

    private static ObjectNode functionCall(JsonNode call, String path, Map<String, String> functionNames) {
        var type = optionalText(call, "type", path);
        if (type != null && !type.equals("function")) {
            throw new IllegalArgumentException(path + ".type '" + type + "' cannot be sent to Gemini");
        }
        var function = call.path("function");
        var name = requiredText(function, "name", path + ".function");
        var id = optionalText(call, "id", path);
        if (id != null) {
            functionNames.put(id, name);
        }
        var part = NODES.objectNode();
        part.putObject("functionCall").put("name", name).set("args", arguments(function, path + ".function"));
        return part;
    }

    private static JsonNode arguments(JsonNode function, String path) {
        var text = optionalText(function, "arguments", path);
        // Some clients send "" for a call without arguments; Gemini wants an object either way.
        if (text == null || text.isBlank()) {
            return NODES.objectNode();
        }
        var args = parseOrNull(text);
        if (args == null || !args.isObject()) {
            throw new IllegalArgumentException(path + ".arguments must be a JSON object");
        }
        return args;
    }

    private static ArrayNode toolResult(JsonNode message, String path, Map<String, String> functionNames) {
        var id = requiredText(message, "tool_call_id", path);
        var name = functionNames.get(id);
        if (name == null) {
            throw new IllegalArgumentException(path + ".tool_call_id '" + id + "' answers no earlier tool call");
        }
        var text = String.join("", GeminiParts.texts(message.get("content"), path + ".content"));
        var parsed = parseOrNull(text);
        var part = NODES.objectNode();
        var response = part.putObject("functionResponse").put("name", name).putObject("response");
        response.set("result", parsed != null ? parsed : NODES.textNode(text));
        var parts = NODES.arrayNode();
        parts.add(part);
        return parts;
    }
}
