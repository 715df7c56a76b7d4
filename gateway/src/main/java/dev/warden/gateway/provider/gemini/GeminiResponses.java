package dev.warden.gateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Translates a whole Gemini {@code GenerateContentResponse} into an OpenAI {@code chat.completion}.
 *
 * <p>Only the first candidate is read: requests ask for one (see {@link GeminiRequests}).
 * Function calls become {@code tool_calls} with ids {@code call_0}, {@code call_1}... unless
 * Gemini gave them ids of its own.
 */
public final class GeminiResponses {

    private GeminiResponses() {
    }

    /**
     * Builds OpenAI's response from Gemini's.
     *
     * @param geminiResponse the body of a successful {@code generateContent} call
     * @param model          the model to report, as the client named it
     * @param created        the completion's creation time, in seconds since the epoch
     * @throws IllegalArgumentException when the body is an error or holds no candidate and no block reason
     */
    public static ObjectNode toOpenAi(JsonNode geminiResponse, String model, long created) {
        if (geminiResponse == null || !geminiResponse.isObject()) {
            throw new IllegalArgumentException("the Gemini response must be a JSON object");
        }
        if (geminiResponse.has("error")) {
            throw new IllegalArgumentException("error: " + GeminiOutput.errorMessage(geminiResponse.get("error")));
        }
        var completion = JsonNodeFactory.instance.objectNode()
                .put("id", GeminiOutput.completionId(geminiResponse))
                .put("object", "chat.completion")
                .put("created", created)
                .put("model", model);
        var choice = completion.putArray("choices").addObject().put("index", 0);
        if (GeminiOutput.promptBlocked(geminiResponse)) {
            message(choice).put("content", "");
            choice.put("finish_reason", "content_filter");
        } else {
            var candidate = geminiResponse.path("candidates").path(0);
            if (!candidate.isObject()) {
                throw new IllegalArgumentException("candidates must hold a candidate");
            }
            answer(candidate, choice);
        }
        choice.putNull("logprobs");
        if (geminiResponse.has("usageMetadata")) {
            completion.set("usage", GeminiOutput.usage(geminiResponse.get("usageMetadata")));
        }
        return completion;
    }

    private static void answer(JsonNode candidate, ObjectNode choice) {
        var message = message(choice);
        var text = new StringBuilder();
        var calls = JsonNodeFactory.instance.arrayNode();
        for (var part : candidate.path("content").path("parts")) {
            if (GeminiOutput.isAnswerText(part)) {
                text.append(part.get("text").asText());
            } else if (part.has("functionCall")) {
                calls.add(GeminiOutput.toolCall(part.get("functionCall"), calls.size()));
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        var reason = candidate.path("finishReason").asText("");
        choice.put("finish_reason", GeminiOutput.finishReason(reason, !calls.isEmpty()));
    }

    private static ObjectNode message(ObjectNode choice) {
        var message = choice.putObject("message").put("role", "assistant");
        // OpenAI always sends refusal; strict clients read it as required.
        message.putNull("refusal");
        return message;
    }
}
