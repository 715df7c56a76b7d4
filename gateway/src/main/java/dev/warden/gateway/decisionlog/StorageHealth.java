package dev.warden.gateway.decisionlog;

import javax.sql.DataSource;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * Readiness of the gateway's storage. With PostgreSQL unreachable the gateway still serves (keys,
 * policies and limit leases are in memory; decisions wait in the spool), so the status is
 * DEGRADED, which readiness maps to 200, rather than DOWN, which would take every replica out
 * of service at once.
 */
@Component("storage")
class StorageHealth implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "PostgreSQL is unreachable; decisions are kept in the local spool");
    private static final int TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final DecisionLog decisions;

    StorageHealth(DataSource dataSource, DecisionLog decisions) {
        this.dataSource = dataSource;
        this.decisions = decisions;
    }

    @Override
    public Health health() {
        var health = reachable() && decisions.lastShipError() == null ? Health.up() : Health.status(DEGRADED);
        health.withDetail("pendingDecisions", decisions.pending());
        if (decisions.lastShipError() != null) {
            health.withDetail("lastShipError", decisions.lastShipError());
        }
        return health.build();
    }

    private boolean reachable() {
        try (var connection = dataSource.getConnection()) {
            return connection.isValid(TIMEOUT_SECONDS);
        } catch (Exception e) {
            return false;
        }
    }
}
