package dev.warden.gateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.provider.CanonicalRequest;
import dev.warden.gateway.provider.ChunkTranslator;
import dev.warden.gateway.provider.Endpoint;
import dev.warden.gateway.provider.JsonBodies;
import dev.warden.gateway.provider.ProviderAdapter;
import dev.warden.gateway.provider.UpstreamUris;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.ProviderType;
import dev.warden.policy.Target;
import java.util.Set;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.springframework.stereotype.Component;

/**
 * OpenAI and the servers that speak its API (Ollama, vLLM, llama.cpp server, LM Studio): the
 * canonical form is their own, so bodies and streams pass through as bytes.
 */
@Component
public class OpenAiAdapter implements ProviderAdapter {

    @Override
    public Set<ProviderType> types() {
        return Set.of(ProviderType.OPENAI, ProviderType.OPENAI_COMPATIBLE);
    }

    @Override
    public boolean serves(Endpoint endpoint) {
        return true;
    }

    @Override
    public HttpUriRequestBase request(ProviderSpec provider, Target target, Endpoint endpoint, CanonicalRequest request, String apiKey) {
        var post = jsonPost(provider.baseUrl() + endpoint.openAiPath(), request.openAiBytes(target), request.stream());
        if (apiKey != null) {
            post.setHeader("Authorization", "Bearer " + apiKey);
        }
        return post;
    }

    /** A JSON POST accepting a stream or JSON, shared by the adapters of OpenAI-shaped APIs. */
    public static HttpPost jsonPost(String url, byte[] body, boolean stream) {
        var post = new HttpPost(UpstreamUris.of(url));
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        post.setHeader("Accept", stream ? "text/event-stream" : "application/json");
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
        return JsonBodies.errorMessage(body);
    }

    @Override
    public boolean speaksOpenAi() {
        return true;
    }
}
