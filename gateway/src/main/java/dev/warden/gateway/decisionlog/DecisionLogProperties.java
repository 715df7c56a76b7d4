package dev.warden.gateway.decisionlog;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How decision records travel from the request path to PostgreSQL.
 *
 * @param queueCapacity records held in memory while waiting to be written (default 65536)
 * @param batchSize     records written in one database batch at most (default 500)
 * @param retryDelay    pause before writing again after the database refused a batch (default 1s)
 * @param drainTimeout  how long shutdown waits for queued records to be written (default 20s)
 */
@ConfigurationProperties("warden.decision-log")
public record DecisionLogProperties(Integer queueCapacity, Integer batchSize, Duration retryDelay, Duration drainTimeout) {

    public DecisionLogProperties {
        queueCapacity = queueCapacity == null ? 65_536 : queueCapacity;
        batchSize = batchSize == null ? 500 : batchSize;
        retryDelay = retryDelay == null ? Duration.ofSeconds(1) : retryDelay;
        drainTimeout = drainTimeout == null ? Duration.ofSeconds(20) : drainTimeout;
    }
}
