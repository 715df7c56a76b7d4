package dev.warden.gateway.quota;

import dev.warden.gateway.policy.PolicyActivated;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
    /**
     * How long the store remembers a settler that settles nothing: far longer than any replica
     * retries a batch (it retries every settle interval while the database is away).
     */
    private static final Duration FORGET_SETTLERS_AFTER = Duration.ofDays(30);

    private final QuotaLedger ledger;
    private final LeaseStore store;
    private final QuotaProperties properties;
    /** This replica's settler, to the store, which applies each of its batch numbers once. */
    private final UUID id = UUID.randomUUID();
    private long lastBatch;
    /** A batch whose last attempt failed: the next settlement retries it first. */
    private Batch pending;
    private volatile boolean running;

    LeaseSettler(QuotaLedger ledger, LeaseStore store, QuotaProperties properties) {
        this.ledger = ledger;
        this.store = store;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${warden.limits.settle-interval:500ms}")
    synchronized void settle() {
        ledger.releaseExpired();
        if (pending != null && !deliver(pending)) {
            return;
        }
        long idleBefore = System.nanoTime() - properties.idleReturn().toNanos();
        var settlements = new ArrayList<LeaseStore.Settlement>();
        ledger.leases().forEach((key, lease) -> {
            lease.returnIfIdle(idleBefore);
            var drained = lease.drain();
            if (drained[0] != 0 || drained[1] != 0) {
                settlements.add(new LeaseStore.Settlement(key, drained[0], drained[1]));
            }
        });
        if (!settlements.isEmpty()) {
            deliver(new Batch(++lastBatch, List.copyOf(settlements)));
        }
    }

    /**
     * Applies a batch, or keeps it to be retried as it is, under its number: whether a failed
     * attempt was applied or not cannot be known (the database may have committed it and lost
     * only the answer), and the store applies each number once. Units consumed meanwhile stay in
     * the leases until the batch before them is through, so batches land in order.
     */
    private boolean deliver(Batch batch) {
        try {
            if (!store.settle(id, batch.number(), batch.settlements())) {
                log.info("Limit settlement {} had already been applied; its retry counted nothing twice", batch.number());
            }
            pending = null;
            return true;
        } catch (RuntimeException e) {
            log.warn("Settling {} limit counters failed; they will be settled later: {}", batch.settlements().size(), e.getMessage());
            pending = batch;
            return false;
        }
    }

    /** One numbered settlement of some counters. */
    private record Batch(long number, List<LeaseStore.Settlement> settlements) {
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
        try {
            store.forgetSettlersIdleFor(FORGET_SETTLERS_AFTER);
        } catch (RuntimeException e) {
            log.warn("Could not forget long-idle limit settlers: {}", e.getMessage());
        }
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
