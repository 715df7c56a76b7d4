package dev.warden.gateway.server;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param platformThreads requests run on a pooled platform thread while fewer than this many are
 *                        in progress, on a virtual thread beyond (default: one per core; 0: every
 *                        request on a virtual thread). See {@link PlatformFirstExecutor}.
 */
@ConfigurationProperties("warden.server")
public record ServerProperties(Integer platformThreads) {

    public ServerProperties {
        platformThreads = platformThreads == null ? Runtime.getRuntime().availableProcessors() : platformThreads;
        if (platformThreads < 0) {
            throw new IllegalArgumentException("warden.server.platform-threads must be 0 or more");
        }
    }
}
