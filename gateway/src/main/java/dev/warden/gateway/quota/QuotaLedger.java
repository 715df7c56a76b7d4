package dev.warden.gateway.quota;

import dev.warden.gateway.policy.PolicyProperties;
import dev.warden.policy.LimitSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Reserves a request's worst case against every limit that applies, then settles to what it
 * really used, or releases it. Units come from this replica's leases; a lease is refilled from
 * PostgreSQL in the background when it runs low, and in a request's path only when it runs out,
 * so requests seldom wait on the database, and the leases' sum can never pass a budget.
 */
@Component
public class QuotaLedger {

    private static final Logger log = LoggerFactory.getLogger(QuotaLedger.class);

    private final Map<CounterKey, LocalLease> leases = new ConcurrentHashMap<>();
    private final Set<Reservation> open = ConcurrentHashMap.newKeySet();
    private final LeaseStore store;
    private final Clock clock;
    private final PolicyProperties policy;
    private final QuotaProperties properties;
    /**
     * Refills ahead of need run on a few platform threads, not on virtual threads: when a ramp of
     * requests keeps every carrier busy, a virtual thread waits behind all of them each time its
     * database call blocks and resumes, so a refill that takes milliseconds took seconds and the
     * lease ran dry before it came. There is at most one refill per lease at a time; beyond the
     * queue's bound a lease is refilled in the request's path instead, as without a refill ahead.
     */
    private final ThreadPoolExecutor refillsAhead = new ThreadPoolExecutor(REFILL_THREADS, REFILL_THREADS, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1024), Thread.ofPlatform().name("lease-refill-", 0).daemon().factory());

    private static final int REFILL_THREADS = 4;
    /** A refill that failed after this long failed by waiting for the store's answer, not by being refused. */
    private static final Duration SLOW_FAILURE = LeaseStore.STORE_WAIT.dividedBy(2);
    /**
     * How long refills in requests' paths skip a store that failed slowly, deciding by each limit's
     * outage rule at once. A store that refuses fast is asked again by the next request, as before.
     */
    static final Duration SKIP_SLOW_STORE = Duration.ofSeconds(1);
    /** {@link System#nanoTime} before which refills skip the store; in the past while it answers. */
    private volatile long storeSkippedUntil = System.nanoTime();

    QuotaLedger(LeaseStore store, Clock clock, PolicyProperties policy, QuotaProperties properties) {
        this.store = store;
        this.clock = clock;
        this.policy = policy;
        this.properties = properties;
        refillsAhead.allowCoreThreadTimeOut(true);
    }

    /** Who and what a request counts for, per scope. */
    public record Scopes(String org, String team, String key, String user, String model) {
    }

    /**
     * @param worstTokens    prompt tokens plus the most the completion may use
     * @param worstCostMicros the most the request may cost, or null when no target has a price
     * @throws LimitExceeded          when a limit is spent
     * @throws LimitStoreUnavailable  when a limit cannot be checked and fails closed
     */
    public Reservation reserve(List<LimitSpec> limits, Scopes scopes, long worstTokens, Long worstCostMicros) {
        return reserve(limits, scopes, worstTokens, worstCostMicros, true);
    }

    /**
     * @param mayWait false for a caller that must not wait for the store: a lease that would have
     *                to be refilled first makes it throw {@link WouldWait}, holding nothing
     */
    public Reservation reserve(List<LimitSpec> limits, Scopes scopes, long worstTokens, Long worstCostMicros, boolean mayWait) {
        if (limits.isEmpty()) {
            return Reservation.NONE;
        }
        var now = clock.instant();
        var holds = new ArrayList<Reservation.Hold>();
        try {
            for (var limit : limits) {
                var scope = scopeKey(limit, scopes);
                var window = Windows.start(limit.window(), now, policy.timeZone());
                hold(limit, new CounterKey(limit.name(), scope, window, Dimension.REQUESTS), limit.requests(), 1, now, holds, mayWait);
                hold(limit, new CounterKey(limit.name(), scope, window, Dimension.TOKENS), limit.tokens(), worstTokens, now, holds,
                        mayWait);
                if (limit.costUsd().isPresent()) {
                    long budget = limit.costUsd().get().movePointRight(6).longValue();
                    if (worstCostMicros == null && limit.unpriced() == LimitSpec.Unpriced.DENY) {
                        throw new LimitExceeded(limit.name(), "Limit '" + limit.name() + "' counts cost, and model '"
                                + scopes.model() + "' has no price.", null);
                    }
                    hold(limit, new CounterKey(limit.name(), scope, window, Dimension.COST_MICROS), OptionalLong.of(budget),
                            worstCostMicros == null ? 0 : worstCostMicros, now, holds, mayWait);
                }
                // Concurrent slots count per hour rather than forever, so that the slots a crashed replica
                // held come back at the next hour instead of never.
                hold(limit, new CounterKey(limit.name(), scope, Windows.start(LimitSpec.Window.HOUR, now, policy.timeZone()),
                        Dimension.CONCURRENT), limit.concurrent(), 1, now, holds, mayWait);
            }
        } catch (LimitExceeded | LimitStoreUnavailable | WouldWait e) {
            release(new Reservation(holds, now));
            throw e;
        }
        var reservation = new Reservation(holds, now.plus(properties.reservationTtl()));
        open.add(reservation);
        return reservation;
    }

    /**
     * Releases reservations held longer than their time to live, so that a request that never
     * finished (a thread stuck on a dead connection) cannot keep budget from everyone else.
     *
     * @return how many were released
     */
    public int releaseExpired() {
        var now = clock.instant();
        int released = 0;
        for (var reservation : open) {
            if (reservation.expiresAt().isBefore(now)) {
                log.warn("A reservation outlived its time to live and is released");
                release(reservation);
                released++;
            }
        }
        return released;
    }

    /** Settles a finished request to what it used. */
    public void settle(Reservation reservation, long tokens, Long costMicros) {
        open.remove(reservation);
        if (!reservation.finish()) {
            return;
        }
        for (var hold : reservation.holds()) {
            long used = switch (hold.key().dimension()) {
                case REQUESTS -> 1;
                case TOKENS -> tokens;
                case COST_MICROS -> costMicros == null ? hold.units() : costMicros;
                case CONCURRENT -> 0;
            };
            lease(hold.key()).settle(hold.units(), used);
        }
    }

    /** Gives back everything a request held: it failed, or never reached an upstream. */
    public void release(Reservation reservation) {
        open.remove(reservation);
        if (!reservation.finish()) {
            return;
        }
        reservation.holds().forEach(hold -> lease(hold.key()).settle(hold.units(), 0));
    }

    /**
     * Waits for the refills ahead of need that are running and starts no more, so that a lease
     * handed back at shutdown is not refilled after it.
     */
    void stopRefillingAhead(Duration wait) {
        refillsAhead.shutdown();
        try {
            if (!refillsAhead.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("A lease refill was still running at shutdown; its units return when its window ends");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The rate-limit view of a counter, for response headers. */
    Status status(CounterKey key, long budget, Instant now, LimitSpec.Window window) {
        var end = Windows.end(key.dimension() == Dimension.CONCURRENT ? LimitSpec.Window.HOUR : window, now, policy.timeZone());
        return new Status(budget, Math.max(0, Math.min(budget, lease(key).remainingEstimate())), Duration.between(now, end));
    }

    /** A counter's budget, what is probably left, and when its window resets. */
    record Status(long limit, long remaining, Duration reset) {
    }

    Map<CounterKey, LocalLease> leases() {
        return leases;
    }

    private void hold(LimitSpec limit, CounterKey key, OptionalLong budget, long units, Instant now, List<Reservation.Hold> holds,
                      boolean mayWait) {
        if (budget.isEmpty() || units <= 0) {
            return;
        }
        var lease = lease(key);
        long left;
        while ((left = lease.take(units, System.nanoTime())) == LocalLease.SHORT) {
            if (!mayWait) {
                throw WouldWait.INSTANCE;
            }
            if (!refill(limit, key, budget.getAsLong(), units, lease, now)) {
                // The store is down and the limit admits the request uncounted. Nothing was taken
                // from the lease, so nothing is held: a hold would give its units back when the
                // request ends, and a lease that grew by every such request would admit beyond
                // its limit once the store is back.
                return;
            }
        }
        holds.add(new Reservation.Hold(key, units));
        if (lease.crossedLowWater(units, left)) {
            refillAhead(key, budget.getAsLong(), lease);
        }
    }

    /**
     * Refills a lease in the background before it runs dry. A refill that fails or is refused
     * here only means the lease runs dry later, where {@link #refill} answers for the request.
     */
    private void refillAhead(CounterKey key, long budget, LocalLease lease) {
        lease.refillAhead(() -> {
            try {
                return grant(key, budget, 1, lease);
            } catch (DataAccessException | TransactionException e) {
                log.debug("Refilling the lease of {} ahead of need failed: {}", key, e.getMessage());
                throw e;
            }
        }, refillsAhead);
    }

    private boolean grant(CounterKey key, long budget, long minimum, LocalLease lease) {
        long cap = lease.nextGrantCap(baseGrant(key.dimension()), clock.millis());
        var grant = store.acquire(key, budget, minimum, cap);
        if (grant.granted() > 0) {
            lease.add(grant.granted(), grant.freeAfter(), cap, clock.millis());
        }
        return grant.granted() > 0;
    }

    /**
     * Refills the lease from the store, or waits for the refill already running.
     *
     * @return true to take from the lease again, false to admit uncounted (the store is down and
     *         the limit fails open)
     * @throws LimitExceeded when the store has fewer than {@code units} free
     */
    private boolean refill(LimitSpec limit, CounterKey key, long budget, long units, LocalLease lease, Instant now) {
        LocalLease.Refill refill;
        long started = System.nanoTime();
        try {
            if (started - storeSkippedUntil < 0) {
                throw new DataAccessResourceFailureException("the store did not answer in time a moment ago");
            }
            refill = lease.refill(() -> grant(key, budget, Math.max(1, units - lease.available()), lease));
        } catch (DataAccessException | TransactionException e) {
            if (System.nanoTime() - started >= SLOW_FAILURE.toNanos()) {
                // It made this request wait and then failed (a frozen server, a network dropping
                // packets): the requests right behind it would wait as long for the same answer.
                storeSkippedUntil = System.nanoTime() + SKIP_SLOW_STORE.toNanos();
            }
            if (limit.onOutage() == LimitSpec.Outage.OPEN) {
                log.warn("Limit '{}' admits a request uncounted: its store is unavailable ({})", limit.name(), e.getMessage());
                return false;
            }
            throw new LimitStoreUnavailable(limit.name(), e);
        }
        if (refill == LocalLease.Refill.REFUSED) {
            throw exceeded(limit, key, budget, now);
        }
        return true;
    }

    private LimitExceeded exceeded(LimitSpec limit, CounterKey key, long budget, Instant now) {
        var reset = key.dimension() == Dimension.CONCURRENT ? Duration.ofSeconds(1)
                : Duration.between(now, Windows.end(limit.window(), now, policy.timeZone()));
        var dimension = key.dimension() == Dimension.REQUESTS ? "requests" : key.dimension() == Dimension.TOKENS ? "tokens" : null;
        return new LimitExceeded(limit.name(), "Limit '" + limit.name() + "' (" + describe(key) + ") is reached; it resets in "
                + RateLimitHeaders.format(reset) + ".", reset, dimension, budget,
                key.dimension() == Dimension.TOKENS || key.dimension() == Dimension.COST_MICROS);
    }

    private LocalLease lease(CounterKey key) {
        return leases.computeIfAbsent(key, k -> new LocalLease());
    }

    /** What a lease's first refill asks for at most, and the least any refill asks for; demand grows it. */
    private static long baseGrant(Dimension dimension) {
        return switch (dimension) {
            case REQUESTS, CONCURRENT -> 100;
            case TOKENS -> 100_000;
            case COST_MICROS -> 1_000_000;
        };
    }

    private static String scopeKey(LimitSpec limit, Scopes scopes) {
        var value = switch (limit.scope()) {
            case ORG -> scopes.org();
            case TEAM -> scopes.team();
            case KEY -> scopes.key();
            case USER -> scopes.user();
            case MODEL -> scopes.model();
        };
        return limit.scope().name().toLowerCase(Locale.ROOT) + ":" + (value == null || value.isEmpty() ? "-" : value);
    }

    private static String describe(CounterKey key) {
        return switch (key.dimension()) {
            case REQUESTS -> "requests";
            case TOKENS -> "tokens";
            case COST_MICROS -> "cost";
            case CONCURRENT -> "concurrent requests";
        } + " for " + key.scopeKey();
    }
}
