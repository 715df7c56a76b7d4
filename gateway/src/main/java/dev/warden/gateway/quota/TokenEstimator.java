package dev.warden.gateway.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/**
 * Counts a request's prompt tokens before it is sent, for reservations. OpenAI-family models are
 * counted with their own tokenizer (o200k for GPT-4o and later, cl100k before); for other models
 * no tokenizer is at hand, so the estimate is deliberately high: one token per three characters,
 * where real tokenizers average about four for English.
 *
 * <p>Exact counting runs a regular expression and byte-pair merges over the whole prompt, which
 * costs more than the rest of a short request's governance. {@link #promptTokensAtMost} is a
 * cheap bound instead: OpenAI's tokenizers are byte-level, every token covers at least one byte,
 * so a text never has more tokens than UTF-8 bytes.
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
        return encoding == null ? prompt(request, TokenEstimator::conservative) : prompt(request, encoding::countTokensOrdinary);
    }

    /** At least {@link #promptTokens} and far cheaper to compute: never fewer tokens than the exact count. */
    public long promptTokensAtMost(JsonNode request, String model) {
        return encodingFor(model) == null ? prompt(request, TokenEstimator::conservative) : prompt(request, TokenEstimator::utf8Bytes);
    }

    /** Whether {@link #promptTokensAtMost} can differ from {@link #promptTokens} for this model. */
    public boolean countsExactly(String model) {
        return encodingFor(model) != null;
    }

    private static long prompt(JsonNode request, ToLongFunction<String> counter) {
        long tokens = 0;
        for (var message : request.path("messages")) {
            tokens += PER_MESSAGE + count(message.path("content"), counter);
        }
        tokens += count(request.path("input"), counter);
        tokens += count(request.path("tools"), counter);
        return tokens;
    }

    private static long count(JsonNode node, ToLongFunction<String> counter) {
        if (node.isMissingNode() || node.isNull()) {
            return 0;
        }
        if (node.isTextual()) {
            return counter.applyAsLong(node.asText());
        }
        if (node.isArray() && node.size() > 0 && node.get(0).isObject() && node.get(0).has("text")) {
            long tokens = 0;
            for (var part : node) {
                tokens += counter.applyAsLong(part.path("text").asText(""));
            }
            return tokens;
        }
        long tokens = 0;
        if (node.isArray()) {
            for (var item : node) {
                tokens += count(item, counter);
            }
            return tokens;
        }
        return counter.applyAsLong(node.toString());
    }

    private static long conservative(String text) {
        return (text.length() + CHARS_PER_TOKEN_CONSERVATIVE - 1) / CHARS_PER_TOKEN_CONSERVATIVE;
    }

    private static long utf8Bytes(String text) {
        long bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                // two bytes below U+0800, three above; a surrogate pair is four bytes for two chars
                bytes += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
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
