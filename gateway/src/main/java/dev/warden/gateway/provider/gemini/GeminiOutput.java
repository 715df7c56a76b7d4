package dev.warden.gateway.provider.gemini;

import static dev.warden.gateway.provider.gemini.OpenAiFields.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.UUID;

/** What a whole Gemini response and a streamed one share on their way to OpenAI's format. */
final class GeminiOutput {

    private static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
            "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION");

    private GeminiOutput() {
    }

    /** Gemini's {@code responseId}, or an id of OpenAI's form when it sent none. */
    static String completionId(JsonNode response) {
        var id = response.path("responseId").asText("");
        return id.isBlank() ? "chatcmpl-" + UUID.randomUUID().toString().replace("-", "") : id;
    }

    /** OpenAI's finish reason for Gemini's; a turn that called functions ends in {@code tool_calls}. */
    static String finishReason(String geminiReason, boolean calledFunctions) {
        if ("MAX_TOKENS".equals(geminiReason)) {
            return "length";
        }
        if (FILTERED.contains(geminiReason)) {
            return "content_filter";
        }
        return calledFunctions ? "tool_calls" : "stop";
    }

    /** Whether the response was refused before generation: no candidates, a block reason instead. */
    static boolean promptBlocked(JsonNode response) {
        return response.path("candidates").isEmpty() && response.path("promptFeedback").has("blockReason");
    }

    /** Whether a part is answer text: thought summaries, sent only when asked for, are not. */
    static boolean isAnswerText(JsonNode part) {
        return part.path("text").isTextual() && !part.path("thought").asBoolean(false);
    }

    /** A complete OpenAI tool call for a {@code functionCall} part. */
    static ObjectNode toolCall(JsonNode functionCall, int index) {
        var geminiId = functionCall.path("id").asText("");
        var call = NODES.objectNode().put("id", geminiId.isBlank() ? "call_" + index : geminiId).put("type", "function");
        var args = functionCall.path("args");
        call.putObject("function")
                .put("name", functionCall.path("name").asText())
                .put("arguments", args.isObject() ? args.toString() : "{}");
        return call;
    }

    /**
     * OpenAI's usage for Gemini's {@code usageMetadata}. Thinking tokens are billed as output, so
     * they count as completion tokens, as OpenAI counts its reasoning tokens.
     */
    static ObjectNode usage(JsonNode metadata) {
        int prompt = metadata.path("promptTokenCount").asInt(0);
        int thoughts = metadata.path("thoughtsTokenCount").asInt(0);
        int completion = metadata.path("candidatesTokenCount").asInt(0) + thoughts;
        int total = metadata.path("totalTokenCount").asInt(prompt + completion);
        var usage = NODES.objectNode()
                .put("prompt_tokens", prompt)
                .put("completion_tokens", completion)
                .put("total_tokens", total);
        if (metadata.has("cachedContentTokenCount")) {
            usage.putObject("prompt_tokens_details").put("cached_tokens", metadata.path("cachedContentTokenCount").asInt());
        }
        if (metadata.has("thoughtsTokenCount")) {
            usage.putObject("completion_tokens_details").put("reasoning_tokens", thoughts);
        }
        return usage;
    }

    /** Gemini's error message, with its status, for a {@code StreamFailure} or an exception. */
    static String errorMessage(JsonNode error) {
        var status = error.path("status").asText("");
        var message = error.path("message").asText(error.toString());
        return "Gemini reported an error" + (status.isEmpty() ? "" : " (" + status + ")") + ": " + message;
    }
}
