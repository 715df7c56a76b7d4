package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.policy.Redactor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Applies an allowed request's plan to its body before it leaves: masks what redaction rules
 * name in every piece of text the upstream would read, and puts coaching instructions first as a
 * system message.
 */
final class RequestShaping {

    private RequestShaping() {
    }

    /** Masks text in messages (string or text parts) and embeddings input; returns the counts per kind. */
    static Map<String, Integer> redact(ObjectNode body, Redactor redactor) {
        var counts = new LinkedHashMap<String, Integer>();
        if (redactor.isEmpty()) {
            return counts;
        }
        Consumer<Map<String, Integer>> tally = found -> found.forEach((kind, n) -> counts.merge(kind, n, Integer::sum));
        for (var message : body.path("messages")) {
            if (message instanceof ObjectNode object) {
                redactField(object, "content", redactor, tally);
                for (var part : object.path("content")) {
                    if (part instanceof ObjectNode partObject) {
                        redactField(partObject, "text", redactor, tally);
                    }
                }
            }
        }
        redactField(body, "input", redactor, tally);
        if (body.get("input") instanceof ArrayNode inputs) {
            for (int i = 0; i < inputs.size(); i++) {
                if (inputs.get(i).isTextual()) {
                    var redaction = redactor.redact(inputs.get(i).asText());
                    if (redaction.changed()) {
                        inputs.set(i, inputs.textNode(redaction.text()));
                        tally.accept(redaction.counts());
                    }
                }
            }
        }
        return counts;
    }

    /** Adds the instructions, joined, as the first message with the system role. */
    static boolean coach(ObjectNode body, List<String> instructions) {
        if (instructions.isEmpty() || !(body.get("messages") instanceof ArrayNode messages)) {
            return false;
        }
        var system = messages.objectNode().put("role", "system").put("content", String.join("\n\n", instructions));
        messages.insert(0, system);
        return true;
    }

    private static void redactField(ObjectNode node, String field, Redactor redactor, Consumer<Map<String, Integer>> tally) {
        JsonNode value = node.get(field);
        if (value != null && value.isTextual()) {
            var redaction = redactor.redact(value.asText());
            if (redaction.changed()) {
                node.put(field, redaction.text());
                tally.accept(redaction.counts());
            }
        }
    }
}
