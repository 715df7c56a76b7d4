package dev.warden.gateway.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.provider.CanonicalRequest;
import dev.warden.gateway.provider.ChunkTranslator;
import dev.warden.gateway.provider.Endpoint;
import dev.warden.gateway.provider.ProviderAdapter;
import dev.warden.gateway.provider.openai.OpenAiAdapter;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.ProviderType;
import dev.warden.policy.Target;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.springframework.stereotype.Component;

/**
 * Azure OpenAI: OpenAI's body and stream, but the model is a deployment in the URL
 * ({@code {baseUrl}/openai/deployments/{deployment}/chat/completions?api-version=...}) and the
 * key goes in an {@code api-key} header. The route target's model names the deployment.
 */
@Component
public class AzureOpenAiAdapter implements ProviderAdapter {

    /** A generally available API version, used when the provider names none. */
    static final String DEFAULT_API_VERSION = "2024-10-21";

    private final OpenAiAdapter openAi;

    AzureOpenAiAdapter(OpenAiAdapter openAi) {
        this.openAi = openAi;
    }

    @Override
    public Set<ProviderType> types() {
        return Set.of(ProviderType.AZURE_OPENAI);
    }

    @Override
    public boolean serves(Endpoint endpoint) {
        return true;
    }

    @Override
    public HttpUriRequestBase request(ProviderSpec provider, Target target, Endpoint endpoint, CanonicalRequest request, String apiKey) {
        var url = provider.baseUrl() + "/openai/deployments/" + URLEncoder.encode(target.model(), StandardCharsets.UTF_8)
                + endpoint.openAiPath() + "?api-version=" + URLEncoder.encode(provider.apiVersion().orElse(DEFAULT_API_VERSION),
                StandardCharsets.UTF_8);
        var post = OpenAiAdapter.jsonPost(url, request.openAiBytes(target), request.stream());
        if (apiKey != null) {
            post.setHeader("api-key", apiKey);
        }
        return post;
    }

    @Override
    public byte[] canonicalResponse(byte[] body, Target target) {
        return body;
    }

    @Override
    public ChunkTranslator streamTranslator(Target target) {
        return null;
    }

    @Override
    public String errorMessage(JsonNode body) {
        return openAi.errorMessage(body);
    }

    @Override
    public boolean speaksOpenAi() {
        return true;
    }
}
