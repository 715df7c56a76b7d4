package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.exchange.Exchange;

/** Token counts as OpenAI reports them, taken from a canonical completion or chunk onto the exchange. */
final class Usages {

    private Usages() {
    }

    static void record(JsonNode canonical, Exchange exchange) {
        var usage = canonical == null ? null : canonical.get("usage");
        if (usage != null && usage.isObject()) {
            exchange.usage(integer(usage, "prompt_tokens"), integer(usage, "completion_tokens"));
        }
    }

    private static Integer integer(JsonNode usage, String field) {
        var value = usage.get(field);
        return value != null && value.canConvertToInt() ? value.intValue() : null;
    }
}
