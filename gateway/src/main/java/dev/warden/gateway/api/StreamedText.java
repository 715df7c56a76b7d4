package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.exchange.Exchange;

/** The text a canonical chunk adds to a streamed answer (content and tool-call arguments), for recorded bodies. */
final class StreamedText {

    private StreamedText() {
    }

    static void record(JsonNode chunk, Exchange exchange) {
        var recorder = exchange.bodies();
        if (recorder == null) {
            return;
        }
        for (var choice : chunk.path("choices")) {
            var delta = choice.path("delta");
            if (delta.path("content").isTextual()) {
                recorder.append(delta.path("content").asText());
            }
            for (var call : delta.path("tool_calls")) {
                recorder.append(call.path("function").path("arguments").asText(""));
            }
        }
    }
}
