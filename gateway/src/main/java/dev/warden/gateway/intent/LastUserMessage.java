package dev.warden.gateway.intent;

import com.fasterxml.jackson.databind.JsonNode;

/** The text a request's intent is read from: its last user message, in OpenAI's chat form. */
final class LastUserMessage {

    /**
     * Long messages are cut to their opening and their end, where people state what they want
     * (an instruction before a pasted document, or a question after it); the middle rarely changes
     * the intent and would only make classification slower.
     */
    static final int HEAD_CHARS = 400;
    static final int TAIL_CHARS = 200;

    private LastUserMessage() {
    }

    /** The text, or null when the request has no user message with text. */
    static String of(JsonNode body) {
        var messages = body.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            var message = messages.get(i);
            if ("user".equals(message.path("role").asText())) {
                var text = text(message.path("content"));
                return text.isBlank() ? null : cut(text.strip());
            }
        }
        return null;
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        var text = new StringBuilder();
        for (var part : content) {
            if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                text.append(text.isEmpty() ? "" : "\n").append(part.path("text").asText());
            }
        }
        return text.toString();
    }

    static String cut(String text) {
        if (text.length() <= HEAD_CHARS + TAIL_CHARS) {
            return text;
        }
        return text.substring(0, HEAD_CHARS) + " … " + text.substring(text.length() - TAIL_CHARS);
    }
}
