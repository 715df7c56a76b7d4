package dev.warden.gateway.routing;

import dev.warden.policy.ProviderSpec;
import dev.warden.policy.SecretRef;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Resolves providers' {@code ${env:NAME}} credentials at call time from the environment (process
 * environment variables, or any other Spring property source), so that secrets live only there
 * and never in a bundle, the database or a log.
 */
@Component
class Credentials {

    private final Environment environment;
    /**
     * Resolved values by reference. Looking a name up walks every property source, on every call;
     * the environment of a running process does not change, so each reference is resolved once.
     */
    private final Map<SecretRef, Optional<String>> resolved = new ConcurrentHashMap<>();

    Credentials(Environment environment) {
        this.environment = environment;
    }

    String apiKey(ProviderSpec provider) {
        return provider.apiKey().flatMap(ref -> resolved.computeIfAbsent(ref, key -> key.resolve(environment::getProperty)))
                .orElse(null);
    }
}
