package dev.warden.gateway.policy;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where policies come from.
 *
 * @param dir the policy directory ({@code WARDEN_POLICY_DIR}); when it does not exist, the
 *            example bundle inside the jar is used
 */
@ConfigurationProperties("warden.policy")
public record PolicyProperties(Path dir) {

    public PolicyProperties {
        dir = dir == null ? Path.of("policies") : dir;
    }
}
