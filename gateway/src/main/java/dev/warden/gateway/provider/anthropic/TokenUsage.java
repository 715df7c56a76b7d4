package dev.warden.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Token counts as Anthropic reports them, read from a message's {@code usage} or, in a stream,
 * from {@code message_start} and then {@code message_delta}, whose counts are cumulative.
 */
final class TokenUsage {

    private long input;
    private long cacheRead;
    private long cacheCreation;
    private long output;

    /** Takes every count the usage object has, keeping earlier values of the ones it lacks. */
    TokenUsage update(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return this;
        }
        input = count(usage, "input_tokens", input);
        cacheRead = count(usage, "cache_read_input_tokens", cacheRead);
        cacheCreation = count(usage, "cache_creation_input_tokens", cacheCreation);
        output = count(usage, "output_tokens", output);
        return this;
    }

    /**
     * OpenAI's usage. Anthropic's {@code input_tokens} excludes cached input while OpenAI's
     * {@code prompt_tokens} includes it, so the cache counts are added back.
     */
    ObjectNode toOpenAi() {
        long prompt = input + cacheRead + cacheCreation;
        var usage = Json.object()
                .put("prompt_tokens", prompt)
                .put("completion_tokens", output)
                .put("total_tokens", prompt + output);
        if (cacheRead > 0) {
            usage.putObject("prompt_tokens_details").put("cached_tokens", cacheRead);
        }
        return usage;
    }

    private static long count(JsonNode usage, String field, long previous) {
        var value = usage.get(field);
        return value != null && value.isIntegralNumber() ? value.asLong() : previous;
    }
}
