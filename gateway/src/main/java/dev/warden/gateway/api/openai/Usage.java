package dev.warden.gateway.api.openai;

import com.fasterxml.jackson.databind.JsonNode;

/** Token counts as OpenAI reports them in a {@code usage} object. */
record Usage(Integer promptTokens, Integer completionTokens) {

    /** Reads {@code usage} from a response or chunk; null when absent. */
    static Usage from(JsonNode body) {
        if (body == null) {
            return null;
        }
        var usage = body.get("usage");
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return new Usage(integer(usage, "prompt_tokens"), integer(usage, "completion_tokens"));
    }

    private static Integer integer(JsonNode usage, String field) {
        var value = usage.get(field);
        return value != null && value.canConvertToInt() ? value.intValue() : null;
    }
}
