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
 * @param maxConnections how many calls to the provider may be in progress at once, streams
 *                       included: its connection pool's size. A call beyond it waits for a
 *                       connection to come free for as long as {@link Timeouts#connect()}, then
 *                       fails as unreachable, so that the route falls back.
 */
public record ProviderSpec(String name, ProviderType type, URI baseUrl, Optional<SecretRef> apiKey,
                           Locality locality, Timeouts timeouts, CircuitBreakerSpec circuitBreaker, Optional<String> apiVersion,
                           Optional<OnnxModelSpec> onnx, int maxConnections) {

    /** Connections to one provider unless its document says otherwise. */
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;
    /** The most a document may give: each connection is an open file, and a stream holds two. */
    public static final int MAX_CONNECTIONS = 65_536;

    public ProviderSpec {
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("maxConnections must be 1 to " + MAX_CONNECTIONS + ", got " + maxConnections);
        }
    }

    public ProviderSpec(String name, ProviderType type, URI baseUrl, Optional<SecretRef> apiKey, Locality locality, Timeouts timeouts) {
        this(name, type, baseUrl, apiKey, locality, timeouts, CircuitBreakerSpec.DEFAULT, Optional.empty(), Optional.empty(),
                DEFAULT_MAX_CONNECTIONS);
    }

    /** The same provider with another connection bound. */
    public ProviderSpec withMaxConnections(int connections) {
        return new ProviderSpec(name, type, baseUrl, apiKey, locality, timeouts, circuitBreaker, apiVersion, onnx, connections);
    }

    /** Whether the gateway runs this provider's models itself rather than calling a server. */
    public boolean inProcess() {
        return type == ProviderType.ONNX;
    }
}
