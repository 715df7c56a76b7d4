package dev.warden.gateway.database;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param consoleQueryTimeout the longest a control-API read of the decision log (a page of
 *                            decisions, one decision, usage) may run on the server before it is
 *                            cancelled there (default 30s)
 */
@ConfigurationProperties("warden.database")
public record DatabaseProperties(Duration consoleQueryTimeout) {

    public DatabaseProperties {
        consoleQueryTimeout = consoleQueryTimeout == null ? Duration.ofSeconds(30) : consoleQueryTimeout;
        if (consoleQueryTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("warden.database.console-query-timeout must be at least 1s (JDBC counts it in seconds)");
        }
    }
}
