package dev.warden.gateway.provider.azure;

import dev.warden.gateway.provider.CanonicalRequest;
import dev.warden.gateway.provider.Endpoint;
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
 * Azure OpenAI: OpenAI's body, answers and stream, so everything but the request is OpenAI's;
 * the model is a deployment in the URL ({@code {baseUrl}/openai/deployments/{deployment}/chat/completions?api-version=...})
 * and the key goes in an {@code api-key} header. The route target's model names the deployment.
 */
@Component
public class AzureOpenAiAdapter extends OpenAiAdapter {

    /** A generally available API version, used when the provider names none. */
    static final String DEFAULT_API_VERSION = "2024-10-21";

    @Override
    public Set<ProviderType> types() {
        return Set.of(ProviderType.AZURE_OPENAI);
    }

    @Override
    public HttpUriRequestBase request(ProviderSpec provider, Target target, Endpoint endpoint, CanonicalRequest request, String apiKey) {
        var url = provider.baseUrl() + "/openai/deployments/" + URLEncoder.encode(target.model(), StandardCharsets.UTF_8)
                + endpoint.openAiPath() + "?api-version=" + URLEncoder.encode(provider.apiVersion().orElse(DEFAULT_API_VERSION),
                StandardCharsets.UTF_8);
        var post = jsonPost(url, request.openAiBytes(target), request.stream());
        if (apiKey != null) {
            post.setHeader("api-key", apiKey);
        }
        return post;
    }
}
