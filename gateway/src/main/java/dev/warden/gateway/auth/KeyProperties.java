package dev.warden.gateway.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * API key settings.
 *
 * @param secret          the HMAC secret keys are hashed with ({@code WARDEN_KEYS_SECRET}); when
 *                        empty, one is generated into the data directory on first start. Every
 *                        replica sharing a database must use the same secret.
 * @param refreshInterval how often the in-memory key cache reads new and revoked keys (default 250ms)
 * @param fullReload      how often the cache is rebuilt from scratch, as a safety net (default 60s)
 */
@ConfigurationProperties("warden.keys")
public record KeyProperties(String secret, Duration refreshInterval, Duration fullReload) {

    public KeyProperties {
        refreshInterval = refreshInterval == null ? Duration.ofMillis(250) : refreshInterval;
        fullReload = fullReload == null ? Duration.ofSeconds(60) : fullReload;
    }
}
