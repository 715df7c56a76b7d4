package dev.warden.gateway.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Anthropic's {@code tools} and {@code tool_choice} as OpenAI's function tools and choice. */
final class MessagesTools {

    private MessagesTools() {
    }

    static void translate(ObjectNode request, ObjectNode chat) {
        if (Json.present(request, "tools")) {
            var tools = Json.requireArray(request, "tools", "tools");
            var functions = Json.array();
            for (int i = 0; i < tools.size(); i++) {
                functions.add(function(tools.get(i), "tools[" + i + "]"));
            }
            if (!functions.isEmpty()) {
                chat.set("tools", functions);
            }
        }
        if (Json.present(request, "tool_choice")) {
            toolChoice(request.get("tool_choice"), chat);
        }
    }

    private static ObjectNode function(JsonNode tool, String path) {
        // Client tools have no type or "custom"; typed tools (bash_..., web_search_...) run at Anthropic.
        var type = Json.text(tool, "type");
        if (type != null && !type.equals("custom")) {
            throw Json.invalid(path + ".type", "'" + type + "' is one of Anthropic's own tools, which other providers lack");
        }
        var schema = tool.get("input_schema");
        if (schema == null || !schema.isObject()) {
            throw Json.invalid(path + ".input_schema", "required, a JSON schema object");
        }
        var function = Json.object().put("name", Json.requireText(tool, "name", path + ".name"));
        if (Json.present(tool, "description")) {
            function.put("description", Json.requireText(tool, "description", path + ".description"));
        }
        function.set("parameters", schema.deepCopy());
        var translated = Json.object().put("type", "function");
        translated.set("function", function);
        return translated;
    }

    private static void toolChoice(JsonNode choice, ObjectNode chat) {
        var type = Json.requireText(choice, "type", "tool_choice.type");
        switch (type) {
            case "auto" -> chat.put("tool_choice", "auto");
            case "any" -> chat.put("tool_choice", "required");
            case "none" -> chat.put("tool_choice", "none");
            case "tool" -> chat.putObject("tool_choice").put("type", "function")
                    .putObject("function").put("name", Json.requireText(choice, "name", "tool_choice.name"));
            default -> throw Json.invalid("tool_choice.type", "expected auto, any, tool or none");
        }
        if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
            chat.put("parallel_tool_calls", false);
        }
    }
}
