package dev.warden.policy;

import java.net.URI;
import java.util.Optional;

/**
 * A model provider as declared by a {@code kind: Provider} document.
 *
 * @param name     the name routes refer to
 * @param type     the protocol it speaks
 * @param baseUrl  the API root, for example {@code https://api.openai.com/v1}
 * @param apiKey   the credential, if the provider needs one
 * @param locality whether data stays inside the organisation
 * @param timeouts time limits for calls
 * @param circuitBreaker when to stop calling a failing model for a while
 * @param apiVersion     the API version a provider type needs in its URLs (Azure OpenAI's {@code api-version})
 * @param onnx           for an {@code onnx} provider, the model it runs in-process
 */
public record ProviderSpec(String name, ProviderType type, URI baseUrl, Optional<SecretRef> apiKey,
                           Locality locality, Timeouts timeouts, CircuitBreakerSpec circuitBreaker, Optional<String> apiVersion,
                           Optional<OnnxModelSpec> onnx) {

    public ProviderSpec(String name, ProviderType type, URI baseUrl, Optional<SecretRef> apiKey, Locality locality, Timeouts timeouts) {
        this(name, type, baseUrl, apiKey, locality, timeouts, CircuitBreakerSpec.DEFAULT, Optional.empty(), Optional.empty());
    }

    /** Whether the gateway runs this provider's models itself rather than calling a server. */
    public boolean inProcess() {
        return type == ProviderType.ONNX;
    }
}
