package dev.warden.gateway.provider.gemini;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Translates an OpenAI chat-completions request into the body of a Gemini {@code generateContent}
 * (or {@code streamGenerateContent}) call.
 *
 * <p>The model is not part of the body: Gemini takes it in the path (see {@link GeminiEndpoints}).
 * Options Gemini has no counterpart for ({@code stream}, {@code user}, {@code logprobs},
 * penalties...) are left out rather than refused, as OpenAI-compatible servers commonly do.
 */
public final class GeminiRequests {

    private GeminiRequests() {
    }

    /**
     * Builds Gemini's request from OpenAI's; the input is not modified.
     *
     * @param openAiChat a body of OpenAI's {@code POST /chat/completions}
     * @return the body for Gemini, with {@code contents} and, when there is anything to put in them,
     *         {@code systemInstruction}, {@code tools}, {@code toolConfig} and {@code generationConfig}
     * @throws IllegalArgumentException naming the field, when the request cannot be expressed for
     *                                  Gemini (for example {@code n} above 1, or tool-call arguments
     *                                  that are not JSON)
     */
    public static ObjectNode fromOpenAi(ObjectNode openAiChat) {
        var gemini = JsonNodeFactory.instance.objectNode();
        GeminiContents.translate(openAiChat.path("messages"), gemini);
        GeminiTools.translate(openAiChat, gemini);
        GeminiGeneration.translate(openAiChat, gemini);
        return gemini;
    }
}
