package dev.warden.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Translates an OpenAI chat-completions request into the body of an Anthropic Messages API
 * request, for calling an Anthropic upstream on behalf of any client.
 *
 * <p>Fields without an Anthropic counterpart ({@code frequency_penalty}, {@code logprobs},
 * {@code response_format}, {@code seed} and the like) are dropped. What cannot be translated
 * without changing the request's meaning ({@code n > 1}, audio or file content, invalid tool
 * arguments) is refused with an {@link IllegalArgumentException} whose message starts with the
 * field's path and a colon, for example {@code messages[2].tool_calls[0].function.arguments: ...}.
 */
public final class AnthropicRequests {

    /** Anthropic requires {@code max_tokens}; OpenAI clients usually leave it out. */
    static final int DEFAULT_MAX_TOKENS = 4096;

    private AnthropicRequests() {
    }

    /**
     * @param openAiChat the request as the client sent it (not modified)
     * @param model      the upstream's name for the model, which replaces the client's
     * @param stream     whether to ask for server-sent events
     * @throws IllegalArgumentException when the request cannot be expressed in Anthropic's format
     */
    public static ObjectNode fromOpenAi(ObjectNode openAiChat, String model, boolean stream) {
        refuseSeveralChoices(openAiChat.get("n"));
        var conversation = AnthropicMessages.of(openAiChat.get("messages"));
        var request = Json.object().put("model", model).put("max_tokens", maxTokens(openAiChat));
        if (conversation.system() != null) {
            request.put("system", conversation.system());
        }
        request.set("messages", conversation.messages());
        AnthropicTools.translate(openAiChat, request);
        number(openAiChat, "temperature").ifPresent(t -> request.set("temperature", clampTemperature(t)));
        number(openAiChat, "top_p").ifPresent(p -> request.set("top_p", p));
        stopSequences(openAiChat.get("stop"), request);
        endUser(openAiChat, request);
        return request.put("stream", stream);
    }

    private static void refuseSeveralChoices(JsonNode n) {
        if (n != null && !n.isNull() && (!n.canConvertToInt() || n.asInt() != 1)) {
            throw Json.invalid("n", "Anthropic returns one choice per request; n must be 1");
        }
    }

    private static int maxTokens(ObjectNode chat) {
        // max_completion_tokens supersedes max_tokens in OpenAI's API, so it wins when both are set.
        for (var field : new String[] {"max_completion_tokens", "max_tokens"}) {
            var value = chat.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.canConvertToExactIntegral() || !value.canConvertToInt() || value.asInt() < 1) {
                throw Json.invalid(field, "expected a positive integer");
            }
            return value.asInt();
        }
        return DEFAULT_MAX_TOKENS;
    }

    private static Optional<JsonNode> number(ObjectNode chat, String field) {
        var value = chat.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw Json.invalid(field, "expected a number");
        }
        return Optional.of(value);
    }

    private static JsonNode clampTemperature(JsonNode temperature) {
        // OpenAI accepts 0 to 2, Anthropic 0 to 1: the nearest value Anthropic accepts is closer
        // to what the client asked for than a refusal is.
        return temperature.decimalValue().compareTo(BigDecimal.ONE) > 0
                ? IntNode.valueOf(1)
                : temperature;
    }

    private static void stopSequences(JsonNode stop, ObjectNode request) {
        if (stop == null || stop.isNull()) {
            return;
        }
        ArrayNode sequences = Json.array();
        if (stop.isTextual()) {
            sequences.add(stop);
        } else if (stop.isArray()) {
            for (var sequence : stop) {
                if (!sequence.isTextual()) {
                    throw Json.invalid("stop", "expected a string or an array of strings");
                }
                sequences.add(sequence);
            }
        } else {
            throw Json.invalid("stop", "expected a string or an array of strings");
        }
        if (!sequences.isEmpty()) {
            request.set("stop_sequences", sequences);
        }
    }

    private static void endUser(ObjectNode chat, ObjectNode request) {
        // safety_identifier is OpenAI's newer name for the end user's id.
        var user = Json.text(chat, "user");
        var id = user != null ? user : Json.text(chat, "safety_identifier");
        if (id != null) {
            request.putObject("metadata").put("user_id", id);
        }
    }
}
