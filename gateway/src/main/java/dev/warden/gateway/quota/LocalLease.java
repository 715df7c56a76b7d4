package dev.warden.gateway.quota;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * This replica's share of one counter: units it may grant without asking the database, and what
 * it consumed and returned since it last settled.
 *
 * <p>Without locks. Every request takes from its leases, and a lease guarded by a monitor, held
 * across the database call that refills it, made requests queue behind that call; on virtual
 * threads each of them then had to be scheduled again, one after another, to take the monitor in
 * turn. With 5,000 streams opened at 400 a second, a thread dump found about a hundred requests
 * waiting on one lease, and the slowest waited twenty seconds. Units are now taken and given back
 * with compare-and-set, and a refill runs once for every request that finds the lease short
 * while it runs: they wait for it together, and are woken together.
 *
 * <p>A lease is also refilled ahead of need: the take that brings it down to a quarter of what its
 * last refill brought starts a refill in the background, so that at a steady rate requests find
 * units already there instead of all waiting for the database each time the lease runs dry.
 *
 * <p>And what a refill asks for follows demand ({@link #nextGrantCap}): a lease spent in well under
 * {@link #GRANT_LIFETIME_MILLIS} asks for more next time, one that lasted longer for less. With a
 * fixed size, a ramp of 400 streams a second, each reserving its worst case, refilled the team's
 * lease from the database several times a second, and the requests that found it dry between two
 * refills waited for the database in their path (a dump found 63 of them at once).
 */
final class LocalLease {

    private final AtomicLong available = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong returned = new AtomicLong();
    private final AtomicReference<CompletableFuture<Boolean>> refilling = new AtomicReference<>();
    private volatile long freeAtLastGrant;
    /** What the last refill brought; a quarter of it is the low-water mark. */
    private volatile long lastGrant;
    /** The most the last refill asked for, and when its grant arrived ({@link java.time.Clock#millis}). */
    private volatile long lastCap;
    private volatile long lastGrantMillis;
    private volatile long lastUsedNanos;

    /** What {@link #take} answers when the lease holds too few units. */
    static final long SHORT = -1;

    /** How long a grant should last at the rate its predecessor was spent. */
    static final long GRANT_LIFETIME_MILLIS = 2_000;
    /** How far above its base a refill's ask may grow; the database's share rule bounds it too. */
    static final long MAX_GROWTH = 64;

    /**
     * Takes units from the lease if it holds enough.
     *
     * @return the units left after the take, or {@link #SHORT} when nothing was taken
     */
    long take(long units, long now) {
        lastUsedNanos = now;
        while (true) {
            long held = available.get();
            if (held < units) {
                return SHORT;
            }
            if (available.compareAndSet(held, held - units)) {
                return held - units;
            }
        }
    }

    /**
     * Whether a take of {@code units} that left {@code left} crossed the low-water mark: only one
     * take crosses it per refill, so a refill ahead that failed or was refused is not retried by
     * every request after it (the lease then runs dry and the refill in the request's path decides).
     */
    boolean crossedLowWater(long units, long left) {
        long mark = lastGrant / 4;
        return left <= mark && left + units > mark;
    }

    /** How a call to {@link #refill} went. */
    enum Refill {
        /** This caller asked the database and was granted units. */
        GRANTED,
        /** This caller asked the database, which had too few units free. */
        REFUSED,
        /** Another caller was asking; this one waited for its answer, whatever it was. */
        WAITED
    }

    /**
     * Refills the lease with {@code acquire}, which asks the database, adds what it grants and
     * says whether it granted anything. A caller that finds a refill running waits for that one
     * instead of asking too, then takes again: that refill was for another caller's need, so it
     * says nothing about this caller's.
     *
     * @throws RuntimeException what {@code acquire} threw, in this caller or the one it waited for
     */
    Refill refill(BooleanSupplier acquire) {
        var mine = new CompletableFuture<Boolean>();
        var running = refilling.compareAndExchange(null, mine);
        if (running != null) {
            try {
                running.join();
                return Refill.WAITED;
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        return run(mine, acquire) ? Refill.GRANTED : Refill.REFUSED;
    }

    /**
     * Starts a refill on {@code executor} unless one is running. Requests that find the lease short
     * meanwhile wait for it as for any other refill, and fail as it fails.
     *
     * @return whether a refill was started
     */
    boolean refillAhead(BooleanSupplier acquire, Executor executor) {
        var mine = new CompletableFuture<Boolean>();
        if (!refilling.compareAndSet(null, mine)) {
            return false;
        }
        try {
            executor.execute(() -> {
                try {
                    run(mine, acquire);
                } catch (RuntimeException e) {
                    // Its waiters have the failure; nobody else is waiting for this refill.
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            refilling.set(null);
            mine.complete(false);
            return false;
        }
    }

    /**
     * Runs a refill this caller owns. It is cleared before its waiters are woken: a waiter still
     * short must find no refill, or a newer one, and start the next, rather than loop on the
     * finished one.
     */
    private boolean run(CompletableFuture<Boolean> mine, BooleanSupplier acquire) {
        boolean granted;
        try {
            granted = acquire.getAsBoolean();
        } catch (RuntimeException | Error e) {
            refilling.set(null);
            mine.completeExceptionally(e);
            throw e;
        }
        refilling.set(null);
        mine.complete(granted);
        return granted;
    }

    /**
     * The most the next refill should ask for: what the last grant would have had to be to last
     * {@link #GRANT_LIFETIME_MILLIS} at the rate it was spent, at most twice the last ask (one
     * burst does not make a trend), never below {@code base} nor above {@code base} times
     * {@link #MAX_GROWTH}. A lease that sat unused asks for its base again. The first refill asks
     * for {@code base}. Refills of one lease run one at a time, so this needs no lock.
     */
    long nextGrantCap(long base, long nowMillis) {
        if (lastCap == 0) {
            return base;
        }
        double lifetime = Math.max(1, nowMillis - lastGrantMillis);
        double needed = lastGrant * (GRANT_LIFETIME_MILLIS / lifetime);
        double ceiling = Math.min(2.0 * lastCap, (double) base * MAX_GROWTH);
        return (long) Math.max(base, Math.min(needed, ceiling));
    }

    /**
     * Adds a grant of {@code units} to the lease.
     *
     * @param freeAfter what the database had left after it
     * @param cap       the most the refill asked for
     * @param nowMillis when the grant arrived
     */
    void add(long units, long freeAfter, long cap, long nowMillis) {
        lastGrant = units;
        lastCap = cap;
        lastGrantMillis = nowMillis;
        freeAtLastGrant = freeAfter;
        available.addAndGet(units);
    }

    /** Units held now. */
    long available() {
        return available.get();
    }

    /** Settles a reservation: {@code used} units were consumed, the rest of {@code reserved} comes back to the lease. */
    void settle(long reserved, long used) {
        consumed.addAndGet(used);
        if (used <= reserved) {
            available.addAndGet(reserved - used);
        } else {
            long over = used - reserved;
            available.getAndUpdate(held -> held - Math.min(held, over));
        }
    }

    /** Hands every unused unit back, for the database to give to any replica. */
    long returnAll() {
        long units = available.getAndSet(0);
        returned.addAndGet(units);
        return units;
    }

    /** Hands every unused unit back if the lease was last used before {@code idleBefore}. */
    void returnIfIdle(long idleBefore) {
        if (lastUsedNanos < idleBefore && available.get() > 0) {
            returnAll();
        }
    }

    long remainingEstimate() {
        return available.get() + freeAtLastGrant;
    }

    /** Drains what is to be settled, as {consumed, returned}. */
    long[] drain() {
        return new long[] {consumed.getAndSet(0), returned.getAndSet(0)};
    }
}
