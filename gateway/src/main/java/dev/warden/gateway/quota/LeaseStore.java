package dev.warden.gateway.quota;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The shared side of limits, in PostgreSQL: budgets and what every replica leased and used.
 * A lease is granted atomically (the row is locked), so the sum of all leases and all use can
 * never pass the budget, whatever the number of replicas.
 */
@Component
class LeaseStore {

    /** A lease takes at most this share of what is left, so that other replicas find budget too. */
    private static final int SHARE_DIVISOR = 16;
    /** The longest a lease's refill waits on one answer from the database. */
    static final Duration STORE_WAIT = Duration.ofSeconds(2);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    LeaseStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** What a lease came with: the units granted, and what was left free after it. */
    record Grant(long granted, long freeAfter) {
    }

    /**
     * Leases at least {@code minimum} units (more, up to {@code cap}, while plenty is left), or
     * none when fewer than {@code minimum} are free.
     */
    Grant acquire(CounterKey key, long budget, long minimum, long cap) {
        return transactions.execute(status -> {
            boundWaitOnDatabase();
            jdbc.update("""
                    INSERT INTO limit_counters (limit_name, scope_key, window_start, dimension, budget) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (limit_name, scope_key, window_start, dimension) DO UPDATE SET budget = EXCLUDED.budget""",
                    key.limit(), key.scopeKey(), Timestamp.from(key.windowStart()), key.dimension().name(), budget);
            var free = jdbc.queryForObject("""
                    SELECT budget - used - leased FROM limit_counters
                    WHERE limit_name = ? AND scope_key = ? AND window_start = ? AND dimension = ? FOR UPDATE""",
                    Long.class, key.limit(), key.scopeKey(), Timestamp.from(key.windowStart()), key.dimension().name());
            long available = free == null ? 0 : free;
            if (available < minimum) {
                return new Grant(0, Math.max(0, available));
            }
            long grant = Math.min(available, Math.max(minimum, Math.min(cap, available / SHARE_DIVISOR)));
            jdbc.update("""
                    UPDATE limit_counters SET leased = leased + ?, updated_at = now()
                    WHERE limit_name = ? AND scope_key = ? AND window_start = ? AND dimension = ?""",
                    grant, key.limit(), key.scopeKey(), Timestamp.from(key.windowStart()), key.dimension().name());
            return new Grant(grant, available - grant);
        });
    }

    /**
     * Bounds how long the transaction's connection waits on the server's answer (the pool resets it
     * when the connection returns). A lease is often refilled in a request's path, and a database
     * that stopped answering without closing its connections (frozen, or cut off by a network that
     * drops packets) would otherwise hold that request, and every request waiting on the same
     * refill, for good; with the bound the read fails and the limit fails open or closed as it says.
     */
    private void boundWaitOnDatabase() {
        try {
            DataSourceUtils.getConnection(jdbc.getDataSource()).setNetworkTimeout(Runnable::run, (int) STORE_WAIT.toMillis());
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot bound the wait on the limit store", e);
        }
    }

    /**
     * Moves consumed units from leased to used, and hands returned units back to the budget, all
     * or nothing, unless this settler already applied batch {@code batch}: a settlement retried
     * after its acknowledgement was lost must not count its units twice.
     *
     * @return whether this call applied the batch (false: an earlier attempt already had)
     */
    boolean settle(UUID settler, long batch, List<Settlement> settlements) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            int claimed = jdbc.update("""
                    INSERT INTO limit_settlers (settler_id, last_batch) VALUES (?, ?)
                    ON CONFLICT (settler_id) DO UPDATE SET last_batch = EXCLUDED.last_batch, updated_at = now()
                    WHERE limit_settlers.last_batch < EXCLUDED.last_batch""", settler, batch);
            if (claimed == 0) {
                return false;
            }
            jdbc.batchUpdate("""
                    UPDATE limit_counters SET used = used + ?, leased = GREATEST(0, leased - ? - ?), updated_at = now()
                    WHERE limit_name = ? AND scope_key = ? AND window_start = ? AND dimension = ?""", settlements,
                    settlements.size(), (statement, settlement) -> {
                        var key = settlement.key();
                        statement.setLong(1, settlement.consumed());
                        statement.setLong(2, settlement.consumed());
                        statement.setLong(3, settlement.returned());
                        statement.setString(4, key.limit());
                        statement.setString(5, key.scopeKey());
                        statement.setTimestamp(6, Timestamp.from(key.windowStart()));
                        statement.setString(7, key.dimension().name());
                    });
            return true;
        }));
    }

    /**
     * Forgets the settlers that settled nothing for {@code idle}: replicas long gone. (A live
     * replica that settles again after that is simply stored anew.)
     */
    void forgetSettlersIdleFor(Duration idle) {
        jdbc.update("DELETE FROM limit_settlers WHERE updated_at < now() - ?::interval", idle.toSeconds() + " seconds");
    }

    /** Units one replica consumed and returned since it last settled a counter. */
    record Settlement(CounterKey key, long consumed, long returned) {
    }
}
