package dev.warden.gateway.policy;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The policy in force and the last refused change, in {@code /actuator/health}. A refused change
 * leaves the gateway serving under the previous bundle, so the status stays UP; the details say
 * what was refused.
 */
@Component("policy")
class PolicyHealth implements HealthIndicator {

    private final ActivePolicy policy;

    PolicyHealth(ActivePolicy policy) {
        this.policy = policy;
    }

    @Override
    public Health health() {
        var health = Health.up().withDetail("revision", policy.current().describe());
        policy.lastFailure().ifPresent(failure -> health
                .withDetail("lastRefusedAt", failure.at().toString())
                .withDetail("lastRefusedFrom", failure.origin())
                .withDetail("lastRefusedBecause", failure.problems().stream().map(Object::toString).toList()));
        return health.build();
    }
}
