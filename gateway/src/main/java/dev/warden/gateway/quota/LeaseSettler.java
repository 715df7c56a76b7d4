package dev.warden.gateway.quota;

import dev.warden.gateway.policy.PolicyActivated;
import java.time.Duration;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Writes what this replica consumed back to PostgreSQL in the background, and hands back leases
 * it has not used for a while, so that another replica can use them. On a policy change every
 * lease is handed back, so that a changed limit takes effect at once; on shutdown too.
 */
@Component
class LeaseSettler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeaseSettler.class);

    private final QuotaLedger ledger;
    private final LeaseStore store;
    private final QuotaProperties properties;
    private volatile boolean running;

    LeaseSettler(QuotaLedger ledger, LeaseStore store, QuotaProperties properties) {
        this.ledger = ledger;
        this.store = store;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${warden.limits.settle-interval:500ms}")
    void settle() {
        ledger.releaseExpired();
        long idleBefore = System.nanoTime() - properties.idleReturn().toNanos();
        var settlements = new ArrayList<LeaseStore.Settlement>();
        ledger.leases().forEach((key, lease) -> {
            lease.returnIfIdle(idleBefore);
            var drained = lease.drain();
            if (drained[0] != 0 || drained[1] != 0) {
                settlements.add(new LeaseStore.Settlement(key, drained[0], drained[1]));
            }
        });
        if (settlements.isEmpty()) {
            return;
        }
        try {
            store.settle(settlements);
        } catch (RuntimeException e) {
            log.warn("Settling {} limit counters failed; they will be settled later: {}", settlements.size(), e.getMessage());
            settlements.forEach(s -> ledger.leases().get(s.key()).undrain(s.consumed(), s.returned()));
        }
    }

    /** A new policy bundle may change budgets: hand every lease back so that the next request sees the new one. */
    @EventListener
    void policyChanged(PolicyActivated event) {
        ledger.leases().values().forEach(LocalLease::returnAll);
        settle();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        ledger.stopRefillingAhead(Duration.ofSeconds(5));
        ledger.leases().values().forEach(LocalLease::returnAll);
        settle();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server, so that requests in flight settle first. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
