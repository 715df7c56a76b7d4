package dev.warden.gateway.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Counts a request's prompt tokens before it is sent, for reservations. OpenAI-family models are
 * counted with their own tokenizer (o200k for GPT-4o and later, cl100k before); for other models
 * no tokenizer is at hand, so the estimate is deliberately high: one token per three characters,
 * where real tokenizers average about four for English.
 */
@Component
public class TokenEstimator {

    /** OpenAI's per-message framing tokens. */
    private static final int PER_MESSAGE = 4;
    private static final int CHARS_PER_TOKEN_CONSERVATIVE = 3;

    private final Encoding o200k;
    private final Encoding cl100k;

    TokenEstimator() {
        var registry = Encodings.newLazyEncodingRegistry();
        this.o200k = registry.getEncoding(EncodingType.O200K_BASE);
        this.cl100k = registry.getEncoding(EncodingType.CL100K_BASE);
    }

    /** Prompt tokens of a canonical request sent to {@code model}. */
    public long promptTokens(JsonNode request, String model) {
        var encoding = encodingFor(model);
        long tokens = 0;
        for (var message : request.path("messages")) {
            tokens += PER_MESSAGE + count(message.path("content"), encoding);
        }
        tokens += count(request.path("input"), encoding);
        tokens += count(request.path("tools"), encoding);
        return tokens;
    }

    private long count(JsonNode node, Encoding encoding) {
        if (node.isMissingNode() || node.isNull()) {
            return 0;
        }
        if (node.isTextual()) {
            return countText(node.asText(), encoding);
        }
        if (node.isArray() && node.size() > 0 && node.get(0).isObject() && node.get(0).has("text")) {
            long tokens = 0;
            for (var part : node) {
                tokens += countText(part.path("text").asText(""), encoding);
            }
            return tokens;
        }
        long tokens = 0;
        if (node.isArray()) {
            for (var item : node) {
                tokens += count(item, encoding);
            }
            return tokens;
        }
        return countText(node.toString(), encoding);
    }

    private static long countText(String text, Encoding encoding) {
        return encoding == null ? (text.length() + CHARS_PER_TOKEN_CONSERVATIVE - 1) / CHARS_PER_TOKEN_CONSERVATIVE
                : encoding.countTokensOrdinary(text);
    }

    private Encoding encodingFor(String model) {
        var name = model.toLowerCase(Locale.ROOT);
        if (name.startsWith("gpt-4o") || name.startsWith("gpt-4.1") || name.startsWith("gpt-5") || name.startsWith("o1")
                || name.startsWith("o3") || name.startsWith("o4") || name.startsWith("chatgpt")) {
            return o200k;
        }
        if (name.startsWith("gpt-4") || name.startsWith("gpt-3.5") || name.startsWith("text-embedding")) {
            return cl100k;
        }
        return null;
    }
}
