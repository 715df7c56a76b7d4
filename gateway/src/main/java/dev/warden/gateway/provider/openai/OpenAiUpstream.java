package dev.warden.gateway.provider.openai;

import dev.warden.gateway.provider.ProviderClients;
import dev.warden.gateway.provider.UpstreamFailure;
import dev.warden.gateway.provider.UpstreamResponse;
import dev.warden.policy.ProviderSpec;
import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.springframework.stereotype.Component;

/** Calls providers that speak OpenAI's API ({@code openai}, {@code openai-compatible}): the body goes as it is. */
@Component
public class OpenAiUpstream {

    private final ProviderClients clients;

    OpenAiUpstream(ProviderClients clients) {
        this.clients = clients;
    }

    /**
     * Sends a request and returns the response once its headers have arrived.
     *
     * @param path   the API path below the provider's base URL, for example {@code /chat/completions}
     * @param apiKey the resolved credential, or null for servers that need none
     * @throws UpstreamFailure when no response arrived
     */
    public UpstreamResponse post(ProviderSpec provider, String path, byte[] body, String apiKey, boolean stream)
            throws UpstreamFailure {
        var request = new HttpPost(provider.baseUrl() + path);
        request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        request.setHeader("Accept", stream ? "text/event-stream" : "application/json");
        if (apiKey != null) {
            request.setHeader("Authorization", "Bearer " + apiKey);
        }
        try {
            return UpstreamResponse.open(request, clients.clientFor(provider).executeOpen(null, request, null));
        } catch (IOException e) {
            throw UpstreamFailure.classify(provider.name(), e);
        }
    }
}
