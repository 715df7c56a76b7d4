package dev.warden.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** OpenAI's {@code tools}, {@code tool_choice} and {@code parallel_tool_calls} in Anthropic's terms. */
final class AnthropicTools {

    private AnthropicTools() {
    }

    static void translate(ObjectNode chat, ObjectNode request) {
        var tools = chat.get("tools");
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw Json.invalid("tools", "expected an array of tools");
            }
            var translated = request.putArray("tools");
            for (int i = 0; i < tools.size(); i++) {
                translated.add(tool(tools.get(i), "tools[" + i + "]"));
            }
            if (translated.isEmpty()) {
                request.remove("tools");
            }
        }
        var choice = toolChoice(chat.get("tool_choice"));
        if (chat.path("parallel_tool_calls").isBoolean() && !chat.get("parallel_tool_calls").asBoolean()
                && request.has("tools")) {
            if (choice == null) {
                choice = Json.object().put("type", "auto");
            }
            // Anthropic's "none" choice takes no other field; no tool call is no parallel call either.
            if (!"none".equals(Json.text(choice, "type"))) {
                choice.put("disable_parallel_tool_use", true);
            }
        }
        if (choice != null) {
            request.set("tool_choice", choice);
        }
    }

    private static ObjectNode tool(JsonNode tool, String path) {
        var type = Json.text(tool, "type");
        if (!"function".equals(type)) {
            throw Json.invalid(path + ".type", "only function tools have an Anthropic counterpart");
        }
        var function = tool.path("function");
        var name = Json.text(function, "name");
        if (name == null) {
            throw Json.invalid(path + ".function.name", "a function tool needs a name");
        }
        var translated = Json.object().put("name", name);
        var description = Json.text(function, "description");
        if (description != null) {
            translated.put("description", description);
        }
        var parameters = function.get("parameters");
        if (parameters != null && parameters.isObject()) {
            translated.set("input_schema", parameters.deepCopy());
        } else {
            // OpenAI lets a function omit its parameters; Anthropic requires a schema.
            translated.putObject("input_schema").put("type", "object").putObject("properties");
        }
        return translated;
    }

    private static ObjectNode toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "auto" -> Json.object().put("type", "auto");
                case "required" -> Json.object().put("type", "any");
                case "none" -> Json.object().put("type", "none");
                default -> throw Json.invalid("tool_choice", "expected auto, required, none or a function");
            };
        }
        var name = Json.text(choice.path("function"), "name");
        if (!"function".equals(Json.text(choice, "type")) || name == null) {
            throw Json.invalid("tool_choice", "expected auto, required, none or {\"type\":\"function\",\"function\":{\"name\":...}}");
        }
        return Json.object().put("type", "tool").put("name", name);
    }
}
