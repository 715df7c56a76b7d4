package dev.warden.gateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.provider.CanonicalRequest;
import dev.warden.gateway.provider.ChunkTranslator;
import dev.warden.gateway.provider.Endpoint;
import dev.warden.gateway.provider.ProviderAdapter;
import dev.warden.gateway.provider.StreamFailure;
import dev.warden.gateway.provider.openai.OpenAiAdapter;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.ProviderType;
import dev.warden.policy.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Set;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.springframework.stereotype.Component;

/**
 * Google's Gemini API ({@code generateContent}, {@code streamGenerateContent?alt=sse}, key in
 * {@code x-goog-api-key}): canonical requests are translated to contents, answers and streams back
 * to OpenAI's form.
 */
@Component
public class GeminiAdapter implements ProviderAdapter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    GeminiAdapter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Set<ProviderType> types() {
        return Set.of(ProviderType.GEMINI);
    }

    @Override
    public boolean serves(Endpoint endpoint) {
        return endpoint == Endpoint.CHAT;
    }

    @Override
    public HttpUriRequestBase request(ProviderSpec provider, Target target, Endpoint endpoint, CanonicalRequest request, String apiKey) {
        var body = GeminiRequests.fromOpenAi(request.tree());
        var post = OpenAiAdapter.jsonPost(provider.baseUrl() + GeminiEndpoints.path(target.model(), request.stream()), bytes(body),
                request.stream());
        if (apiKey != null) {
            post.setHeader("x-goog-api-key", apiKey);
        }
        return post;
    }

    @Override
    public byte[] canonicalResponse(byte[] body, Target target) {
        try {
            return bytes(GeminiResponses.toOpenAi(JSON.readTree(body), target.model(), clock.instant().getEpochSecond()));
        } catch (IOException e) {
            throw new StreamFailure("the answer is not valid JSON", e);
        }
    }

    @Override
    public ChunkTranslator streamTranslator(Target target) {
        return new GeminiChunks(target.model(), clock.instant().getEpochSecond());
    }

    @Override
    public String errorMessage(JsonNode body) {
        var message = body.path("error").path("message");
        return message.isTextual() ? message.asText() : null;
    }

    @Override
    public boolean speaksOpenAi() {
        return false;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
