package dev.warden.gateway.provider.gemini;

import static dev.warden.gateway.provider.gemini.OpenAiFields.NODES;
import static dev.warden.gateway.provider.gemini.OpenAiFields.present;
import static dev.warden.gateway.provider.gemini.OpenAiFields.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Turns OpenAI's sampling and output options into Gemini's {@code generationConfig}. */
final class GeminiGeneration {

    private GeminiGeneration() {
    }

    static void translate(JsonNode request, ObjectNode gemini) {
        var config = NODES.objectNode();
        number(request, "temperature", config, "temperature");
        number(request, "top_p", config, "topP");
        // max_tokens is the deprecated name; when a client sends both, the newer one is meant.
        var maxTokens = present(request, "max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        integer(request, maxTokens, config, "maxOutputTokens");
        integer(request, "seed", config, "seed");
        stop(request, config);
        candidateCount(request, config);
        responseFormat(request, config);
        if (!config.isEmpty()) {
            gemini.set("generationConfig", config);
        }
    }

    private static void number(JsonNode request, String field, ObjectNode config, String geminiField) {
        if (present(request, field)) {
            var value = request.get(field);
            if (!value.isNumber()) {
                throw new IllegalArgumentException(field + " must be a number");
            }
            config.set(geminiField, value);
        }
    }

    private static void integer(JsonNode request, String field, ObjectNode config, String geminiField) {
        if (present(request, field)) {
            var value = request.get(field);
            if (!value.isIntegralNumber()) {
                throw new IllegalArgumentException(field + " must be an integer");
            }
            config.set(geminiField, value);
        }
    }

    private static void stop(JsonNode request, ObjectNode config) {
        if (!present(request, "stop")) {
            return;
        }
        var stop = request.get("stop");
        var sequences = NODES.arrayNode();
        if (stop.isTextual()) {
            sequences.add(stop);
        } else if (stop.isArray()) {
            for (var sequence : stop) {
                if (!sequence.isTextual()) {
                    throw new IllegalArgumentException("stop must be a string or a list of strings");
                }
                sequences.add(sequence);
            }
        } else {
            throw new IllegalArgumentException("stop must be a string or a list of strings");
        }
        config.set("stopSequences", sequences);
    }

    private static void candidateCount(JsonNode request, ObjectNode config) {
        if (!present(request, "n")) {
            return;
        }
        var n = request.get("n");
        // The gateway relays a single choice, so more candidates would be paid for and thrown away.
        if (!n.isIntegralNumber() || n.asLong() != 1) {
            throw new IllegalArgumentException("n must be 1: only one choice is relayed from Gemini");
        }
        config.put("candidateCount", 1);
    }

    private static void responseFormat(JsonNode request, ObjectNode config) {
        if (!present(request, "response_format")) {
            return;
        }
        var format = request.get("response_format");
        var type = requiredText(format, "type", "response_format");
        switch (type) {
            case "text" -> { }
            case "json_object" -> config.put("responseMimeType", "application/json");
            case "json_schema" -> {
                var schema = format.path("json_schema").get("schema");
                if (schema == null || schema.isNull()) {
                    throw new IllegalArgumentException("response_format.json_schema.schema must be a JSON schema");
                }
                config.put("responseMimeType", "application/json");
                config.set("responseSchema", GeminiSchemas.clean(schema, "response_format.json_schema.schema"));
            }
            default -> throw new IllegalArgumentException("response_format.type '" + type + "' cannot be sent to Gemini");
        }
    }
}
