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
 */
public record ProviderSpec(String name, ProviderType type, URI baseUrl, Optional<SecretRef> apiKey,
                           Locality locality, Timeouts timeouts) {
}
