package dev.warden.gateway.quota;

/**
 * This replica's share of one counter: units it may grant without asking the database, and what
 * it consumed and returned since it last settled. Guarded by its own monitor.
 */
final class LocalLease {

    long available;
    long consumed;
    long returned;
    long freeAtLastGrant;
    long lastUsedNanos;

    /** Takes units from the lease if it holds enough. */
    synchronized boolean take(long units, long now) {
        lastUsedNanos = now;
        if (available >= units) {
            available -= units;
            return true;
        }
        return false;
    }

    synchronized void add(long units, long freeAfter) {
        available += units;
        freeAtLastGrant = freeAfter;
    }

    /** Settles a reservation: {@code used} units were consumed, the rest of {@code reserved} comes back to the lease. */
    synchronized void settle(long reserved, long used) {
        consumed += used;
        if (used <= reserved) {
            available += reserved - used;
        } else {
            long extra = Math.min(available, used - reserved);
            available -= extra;
        }
    }

    /** Hands every unused unit back, for the database to give to any replica. */
    synchronized long returnAll() {
        long units = available;
        available = 0;
        returned += units;
        return units;
    }

    synchronized long remainingEstimate() {
        return available + freeAtLastGrant;
    }

    /** Drains what is to be settled, as {consumed, returned}. */
    synchronized long[] drain() {
        var drained = new long[] {consumed, returned};
        consumed = 0;
        returned = 0;
        return drained;
    }
}
