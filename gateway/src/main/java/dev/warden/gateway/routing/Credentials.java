package dev.warden.gateway.routing;

import dev.warden.policy.ProviderSpec;
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

    Credentials(Environment environment) {
        this.environment = environment;
    }

    String apiKey(ProviderSpec provider) {
        return provider.apiKey().flatMap(ref -> ref.resolve(environment::getProperty)).orElse(null);
    }
}
