package dev.warden.gateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.provider.CanonicalRequest;
import dev.warden.gateway.provider.ChunkTranslator;
import dev.warden.gateway.provider.Endpoint;
import dev.warden.gateway.provider.JsonBodies;
import dev.warden.gateway.provider.ProviderAdapter;
import dev.warden.gateway.provider.openai.OpenAiAdapter;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.ProviderType;
import dev.warden.policy.Target;
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
        var post = OpenAiAdapter.jsonPost(provider.baseUrl() + GeminiEndpoints.path(target.model(), request.stream()), JsonBodies.write(body),
                request.stream());
        if (apiKey != null) {
            post.setHeader("x-goog-api-key", apiKey);
        }
        return post;
    }

    @Override
    public byte[] canonicalResponse(byte[] body, Target target) {
        return JsonBodies.write(GeminiResponses.toOpenAi(JsonBodies.read(body), target.model(), clock.instant().getEpochSecond()));
    }

    @Override
    public ChunkTranslator streamTranslator(Target target) {
        return new GeminiChunks(target.model(), clock.instant().getEpochSecond());
    }

    @Override
    public String errorMessage(JsonNode body) {
        return JsonBodies.errorMessage(body);
    }

    @Override
    public boolean speaksOpenAi() {
        return false;
    }

}
