package dev.warden.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.Target;
import java.time.Duration;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

/**
 * A provider type whose models the gateway runs itself. It answers in OpenAI's shape, as an
 * upstream would, so that fallback, limits and the decision log treat it like any other target.
 */
public interface InProcessAdapter extends ProviderAdapter {

    /**
     * Answers a request in-process.
     *
     * @param timeout how long the answer may take, queueing included
     * @throws UpstreamFailure          when the model is overloaded or too slow, so that the next target serves
     * @throws IllegalArgumentException when the request cannot be served by this model (the client's mistake)
     */
    UpstreamResponse answer(ProviderSpec provider, Target target, Endpoint endpoint, CanonicalRequest request, Duration timeout)
            throws UpstreamFailure;

    @Override
    default HttpUriRequestBase request(ProviderSpec provider, Target target, Endpoint endpoint, CanonicalRequest request,
                                       String apiKey) {
        throw new UnsupportedOperationException("in-process providers are not called over HTTP");
    }

    @Override
    default byte[] canonicalResponse(byte[] body, Target target) {
        return body;
    }

    @Override
    default ChunkTranslator streamTranslator(Target target) {
        return null;
    }

    @Override
    default String errorMessage(JsonNode body) {
        return JsonBodies.errorMessage(body);
    }

    @Override
    default boolean speaksOpenAi() {
        return true;
    }
}
