package dev.warden.gateway.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Translates a request to Anthropic's Messages API ({@code POST /v1/messages}) into the gateway's
 * canonical OpenAI chat-completions request, so that Anthropic-shaped clients can use any provider.
 *
 * <p>Fields without an OpenAI counterpart ({@code top_k}, {@code thinking}, {@code cache_control}
 * and the like) are dropped. A malformed request, or one whose meaning OpenAI's format cannot
 * carry (documents, server tools), is refused with an {@link IllegalArgumentException} whose
 * message starts with the field's path and a colon, for example {@code messages[1].content[0].type: ...}.
 */
public final class MessagesRequests {

    private MessagesRequests() {
    }

    /**
     * @param anthropicRequest the request as the client sent it (not modified)
     * @throws IllegalArgumentException when the request is malformed or cannot be translated
     */
    public static ObjectNode toOpenAi(ObjectNode anthropicRequest) {
        var chat = Json.object().put("model", Json.requireText(anthropicRequest, "model", "model"));
        chat.set("messages", OpenAiMessages.of(anthropicRequest));
        chat.put("max_tokens", maxTokens(anthropicRequest.get("max_tokens")));
        MessagesTools.translate(anthropicRequest, chat);
        copyNumber(anthropicRequest, "temperature", chat);
        copyNumber(anthropicRequest, "top_p", chat);
        stopSequences(anthropicRequest.get("stop_sequences"), chat);
        endUser(anthropicRequest.get("metadata"), chat);
        stream(anthropicRequest.get("stream"), chat);
        return chat;
    }

    private static int maxTokens(JsonNode maxTokens) {
        if (maxTokens == null || maxTokens.isNull()) {
            throw Json.invalid("max_tokens", "required");
        }
        if (!maxTokens.canConvertToExactIntegral() || !maxTokens.canConvertToInt() || maxTokens.asInt() < 1) {
            throw Json.invalid("max_tokens", "expected a positive integer");
        }
        return maxTokens.asInt();
    }

    private static void copyNumber(ObjectNode request, String field, ObjectNode chat) {
        var value = request.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isNumber()) {
            throw Json.invalid(field, "expected a number");
        }
        chat.set(field, value);
    }

    private static void stopSequences(JsonNode sequences, ObjectNode chat) {
        if (sequences == null || sequences.isNull()) {
            return;
        }
        if (!sequences.isArray()) {
            throw Json.invalid("stop_sequences", "expected an array of strings");
        }
        var stop = Json.array();
        for (var sequence : sequences) {
            if (!sequence.isTextual()) {
                throw Json.invalid("stop_sequences", "expected an array of strings");
            }
            stop.add(sequence);
        }
        if (!stop.isEmpty()) {
            chat.set("stop", stop);
        }
    }

    private static void endUser(JsonNode metadata, ObjectNode chat) {
        if (metadata == null || metadata.isNull()) {
            return;
        }
        if (!metadata.isObject()) {
            throw Json.invalid("metadata", "expected an object");
        }
        if (Json.present(metadata, "user_id")) {
            chat.put("user", Json.requireText(metadata, "user_id", "metadata.user_id"));
        }
    }

    private static void stream(JsonNode stream, ObjectNode chat) {
        if (stream == null || stream.isNull()) {
            return;
        }
        if (!stream.isBoolean()) {
            throw Json.invalid("stream", "expected a boolean");
        }
        chat.put("stream", stream.asBoolean());
        if (stream.asBoolean()) {
            // Anthropic's stream always ends with usage; OpenAI's only when asked.
            chat.putObject("stream_options").put("include_usage", true);
        }
    }
}
