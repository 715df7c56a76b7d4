package dev.warden.gateway.policy;

import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Carries a bundle applied through the control API (or a rollback) on one replica to every other
 * replica sharing the database: each polls the history for a newer such activation and activates
 * the same files. Activations from a replica's own policy directory stay its own.
 */
@Component
class PolicySync implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(PolicySync.class);

    private final PolicyHistory history;
    private final ActivePolicy policy;
    private long lastSeen;

    PolicySync(PolicyHistory history, ActivePolicy policy) {
        this.history = history;
        this.policy = policy;
    }

    @Override
    public void afterPropertiesSet() {
        history.newestApplied().ifPresent(entry -> lastSeen = entry.id());
    }

    @Scheduled(fixedDelayString = "${warden.policy.sync-interval:2s}")
    synchronized void sync() {
        try {
            var newest = history.newestApplied().filter(entry -> entry.id() > lastSeen);
            if (newest.isEmpty()) {
                return;
            }
            var entry = newest.get();
            lastSeen = entry.id();
            if (entry.revision().equals(policy.current().revision())) {
                return;
            }
            var files = history.files(entry.revision()).orElseThrow();
            policy.activate(PolicyLoader.fromSources(files), entry.activatedBy(), "replica-sync");
        } catch (PolicyException e) {
            policy.refused(e, "replica-sync");
        } catch (RuntimeException e) {
            log.warn("Checking for policies applied on other replicas failed: {}", e.getMessage());
        }
    }
}
