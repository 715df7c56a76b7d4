package dev.warden.gateway.embedded;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Warden keeps local state.
 *
 * @param dir the data directory ({@code WARDEN_DATA_DIR}): embedded database, generated secrets
 */
@ConfigurationProperties("warden.data")
public record DataProperties(Path dir) {

    public DataProperties {
        dir = dir == null ? Path.of("data") : dir;
    }
}
