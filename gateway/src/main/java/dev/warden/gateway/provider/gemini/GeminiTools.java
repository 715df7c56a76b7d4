package dev.warden.gateway.provider.gemini;

import static dev.warden.gateway.provider.gemini.OpenAiFields.NODES;
import static dev.warden.gateway.provider.gemini.OpenAiFields.optionalText;
import static dev.warden.gateway.provider.gemini.OpenAiFields.present;
import static dev.warden.gateway.provider.gemini.OpenAiFields.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Turns OpenAI's {@code tools} and {@code tool_choice} into Gemini's {@code tools} and {@code toolConfig}. */
final class GeminiTools {

    private GeminiTools() {
    }

    static void translate(JsonNode request, ObjectNode gemini) {
        if (!present(request, "tools")) {
            return;
        }
        var tools = request.get("tools");
        if (!tools.isArray()) {
            throw new IllegalArgumentException("tools must be a list");
        }
        if (tools.isEmpty()) {
            return;
        }
        var declarations = gemini.putArray("tools").addObject().putArray("functionDeclarations");
        for (int i = 0; i < tools.size(); i++) {
            declarations.add(declaration(tools.get(i), "tools[" + i + "]"));
        }
        if (present(request, "tool_choice")) {
            gemini.putObject("toolConfig").set("functionCallingConfig", callingConfig(request.get("tool_choice")));
        }
    }

    private static ObjectNode declaration(JsonNode tool, String path) {
        var type = optionalText(tool, "type", path);
        if (type != null && !type.equals("function")) {
            throw new IllegalArgumentException(path + ".type '" + type + "' cannot be sent to Gemini");
        }
        var function = tool.path("function");
        var at = path + ".function";
        var declaration = NODES.objectNode().put("name", requiredText(function, "name", at));
        var description = optionalText(function, "description", at);
        if (description != null) {
            declaration.put("description", description);
        }
        if (present(function, "parameters")) {
            var parameters = GeminiSchemas.clean(function.get("parameters"), at + ".parameters");
            // A function without arguments: Gemini rejects an object schema with no properties.
            if (parameters.has("properties") || !"object".equalsIgnoreCase(parameters.path("type").asText())) {
                declaration.set("parameters", parameters);
            }
        }
        return declaration;
    }

    private static ObjectNode callingConfig(JsonNode choice) {
        var config = NODES.objectNode();
        if (choice.isTextual()) {
            var mode = switch (choice.asText()) {
                case "auto" -> "AUTO";
                case "none" -> "NONE";
                case "required" -> "ANY";
                default -> throw new IllegalArgumentException(
                        "tool_choice '" + choice.asText() + "' must be auto, none, required or a function");
            };
            return config.put("mode", mode);
        }
        var name = choice.path("function").path("name");
        if (!"function".equals(choice.path("type").asText()) || !name.isTextual()) {
            throw new IllegalArgumentException("tool_choice must be auto, none, required or {type: function, function: {name}}");
        }
        config.put("mode", "ANY").putArray("allowedFunctionNames").add(name.asText());
        return config;
    }
}
