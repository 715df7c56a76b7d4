package dev.warden.gateway.decisionlog;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How decision records travel from the request path to PostgreSQL.
 *
 * @param durability   strict: a request's record is on disk before its response ends;
 *                     relaxed (default): records are synced to disk every {@code syncInterval}
 * @param syncInterval how often the spool is synced in relaxed mode (default 100ms)
 * @param batchSize    records written in one database batch at most (default 1000)
 * @param retryDelay   pause before writing again after the database refused a batch (default 1s)
 * @param drainTimeout how long shutdown waits for spooled records to be shipped (default 20s)
 * @param segmentBytes the size at which the spool starts a new file (default 64MB)
 * @param retentionDays how many days of decisions are kept; older daily partitions are dropped (default 90)
 */
@ConfigurationProperties("warden.decision-log")
public record DecisionLogProperties(Durability durability, Duration syncInterval, Integer batchSize, Duration retryDelay,
                                    Duration drainTimeout, Long segmentBytes, Integer retentionDays) {

    /** When a record must be on disk. */
    public enum Durability { STRICT, RELAXED }

    public DecisionLogProperties {
        durability = durability == null ? Durability.RELAXED : durability;
        syncInterval = syncInterval == null ? Duration.ofMillis(100) : syncInterval;
        batchSize = batchSize == null ? 1000 : batchSize;
        retryDelay = retryDelay == null ? Duration.ofSeconds(1) : retryDelay;
        drainTimeout = drainTimeout == null ? Duration.ofSeconds(20) : drainTimeout;
        segmentBytes = segmentBytes == null ? 64L * 1024 * 1024 : segmentBytes;
        retentionDays = retentionDays == null ? 90 : retentionDays;
    }
}
