package dev.warden.gateway.quota;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How limits are counted.
 *
 * @param defaultMaxTokens the completion size reserved when a request names no max_tokens (default 4096)
 * @param settleInterval   how often consumed units are written back to PostgreSQL (default 500ms)
 * @param idleReturn       how long an unused lease is kept before it is handed back for other replicas (default 2s)
 * @param reservationTtl   how long a request may hold a reservation before it is released anyway (default 15m)
 */
@ConfigurationProperties("warden.limits")
public record QuotaProperties(Long defaultMaxTokens, Duration settleInterval, Duration idleReturn, Duration reservationTtl) {

    public QuotaProperties {
        defaultMaxTokens = defaultMaxTokens == null ? 4096 : defaultMaxTokens;
        settleInterval = settleInterval == null ? Duration.ofMillis(500) : settleInterval;
        idleReturn = idleReturn == null ? Duration.ofSeconds(2) : idleReturn;
        reservationTtl = reservationTtl == null ? Duration.ofMinutes(15) : reservationTtl;
    }
}
