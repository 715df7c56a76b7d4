package dev.warden.gateway.provider.anthropic;

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
 * Anthropic's Messages API ({@code {baseUrl}/messages}, {@code x-api-key}, {@code anthropic-version}):
 * canonical requests are translated to messages, answers and streams back to OpenAI's form.
 * Anthropic has no embeddings.
 */
@Component
public class AnthropicAdapter implements ProviderAdapter {

    /** The API version this adapter's translation follows. */
    static final String API_VERSION = "2023-06-01";

    private final Clock clock;

    AnthropicAdapter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Set<ProviderType> types() {
        return Set.of(ProviderType.ANTHROPIC);
    }

    @Override
    public boolean serves(Endpoint endpoint) {
        return endpoint == Endpoint.CHAT;
    }

    @Override
    public HttpUriRequestBase request(ProviderSpec provider, Target target, Endpoint endpoint, CanonicalRequest request, String apiKey) {
        var body = AnthropicRequests.fromOpenAi(request.tree(), target.model(), request.stream());
        var post = OpenAiAdapter.jsonPost(provider.baseUrl() + "/messages", JsonBodies.write(body), request.stream());
        post.setHeader("anthropic-version", API_VERSION);
        if (apiKey != null) {
            post.setHeader("x-api-key", apiKey);
        }
        return post;
    }

    @Override
    public byte[] canonicalResponse(byte[] body, Target target) {
        return JsonBodies.write(AnthropicResponses.toOpenAi(JsonBodies.read(body), clock.instant().getEpochSecond()));
    }

    @Override
    public ChunkTranslator streamTranslator(Target target) {
        return new AnthropicChunks(clock.instant().getEpochSecond());
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
