package dev.warden.gateway.quota;

import dev.warden.gateway.policy.PolicyProperties;
import dev.warden.policy.LimitSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Benchmark, not a test: how long a request waits for a lease's first refill while the virtual
 * threads' carriers are saturated, as on a gateway at full load when a window rolls over or new
 * keys arrive. Busy virtual threads (50 us of work, then a short sleep, each) keep every carrier's queue
 * long; a request on a virtual thread reserves against a limit whose lease is new, so it waits for
 * the store. Prints the percentiles of that wait, and the same on an idle machine. Run with
 * {@code src/bench/test-main.sh dev.warden.gateway.quota.InPathRefillLatency [busy-threads] [requests]}
 * (defaults 64 and 300).
 */
public final class InPathRefillLatency {

    private InPathRefillLatency() {
    }

    public static void main(String[] args) throws Exception {
        int busy = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        var database = QuotaDatabase.get();
        var store = new LeaseStore(new JdbcTemplate(database), new TransactionTemplate(new DataSourceTransactionManager(database)));
        var ledger = new QuotaLedger(store, Clock.systemUTC(), new PolicyProperties(null, false, null, null, null),
                new QuotaProperties(null, null, null, null));
        var limit = new LimitSpec("first-refill", LimitSpec.Scope.TEAM, Optional.empty(), LimitSpec.Window.DAY, OptionalLong.of(1_000_000),
                OptionalLong.empty(), Optional.empty(), OptionalLong.empty());

        report("idle", measure(ledger, limit, Math.min(requests, 100)));
        var running = new AtomicBoolean(true);
        var busyNow = new CountDownLatch(busy);
        var load = new ArrayList<Thread>();
        for (int i = 0; i < busy; i++) {
            load.add(Thread.ofVirtual().start(() -> {
                busyNow.countDown();
                while (running.get()) {
                    long until = System.nanoTime() + 50_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    // woken from outside the carriers, as a request's socket read is (a yield
                    // would keep the carriers on their own queues and starve every wake-up)
                    LockSupport.parkNanos(10_000);
                }
            }));
        }
        busyNow.await();
        report(busy + " busy virtual threads", measure(ledger, limit, requests));
        running.set(false);
        for (var thread : load) {
            thread.join();
        }
        System.exit(0);
    }

    /** Reserves once per new scope from a virtual thread; the wait of each, in microseconds. */
    private static long[] measure(QuotaLedger ledger, LimitSpec limit, int requests) throws InterruptedException {
        var waits = new long[requests];
        for (int i = 0; i < requests; i++) {
            int n = i;
            var scopes = new QuotaLedger.Scopes("acme", "team-" + UUID.randomUUID(), "key", "user", "model");
            var request = Thread.ofVirtual().start(() -> {
                long start = System.nanoTime();
                ledger.reserve(List.of(limit), scopes, 1, null);
                waits[n] = (System.nanoTime() - start) / 1_000;
            });
            request.join();
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
        return waits;
    }

    private static void report(String label, long[] waits) {
        var sorted = waits.clone();
        Arrays.sort(sorted);
        System.out.printf("%-24s first refill waited: p50 %,d us, p90 %,d us, p99 %,d us, max %,d us (%d requests)%n", label,
                sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.9)], sorted[(int) (sorted.length * 0.99)],
                sorted[sorted.length - 1], sorted.length);
    }
}
