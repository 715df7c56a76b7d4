package dev.warden.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.ProviderType;
import dev.warden.policy.Target;
import java.util.Set;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

/**
 * What the gateway needs to know to call one type of provider: how to write the request, and how
 * to read its answers back into the canonical (OpenAI) form.
 */
public interface ProviderAdapter {

    /** The provider types this adapter speaks to. */
    Set<ProviderType> types();

    boolean serves(Endpoint endpoint);

    /**
     * The upstream HTTP request for a canonical request.
     *
     * @throws IllegalArgumentException when the request cannot be expressed for this provider
     */
    HttpUriRequestBase request(ProviderSpec provider, Target target, Endpoint endpoint, CanonicalRequest request, String apiKey);

    /** A successful whole response in canonical form: OpenAI's JSON bytes. */
    byte[] canonicalResponse(byte[] body, Target target);

    /** A translator for a stream, or null when the upstream streams OpenAI chunks already (they are relayed as bytes). */
    ChunkTranslator streamTranslator(Target target);

    /** The human-readable message in one of this provider's error bodies, or null. */
    String errorMessage(JsonNode body);

    /** Whether error bodies are in OpenAI's shape, and so can be passed to OpenAI clients as they are. */
    boolean speaksOpenAi();
}
