package dev.warden.gateway.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the client-facing API.
 *
 * @param maxBodySize    the largest request body accepted; larger ones get 413 (default 10MB)
 * @param maxResponseSize the largest non-streamed upstream response relayed (default 64MB)
 */
@ConfigurationProperties("warden.gateway")
public record GatewayProperties(DataSize maxBodySize, DataSize maxResponseSize) {

    public GatewayProperties {
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(10) : maxBodySize;
        maxResponseSize = maxResponseSize == null ? DataSize.ofMegabytes(64) : maxResponseSize;
    }
}
