package dev.warden.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalLeaseTests {

    private final LocalLease lease = new LocalLease();

    @Test
    void concurrentTakersTakeExactlyWhatWasAddedAndNoMore() throws Exception {
        lease.add(20_000, 0, 20_000, 0);
        var taken = new AtomicLong();
        try (var threads = Executors.newFixedThreadPool(4)) {
            var tasks = new ArrayList<Future<?>>();
            for (int t = 0; t < 4; t++) {
                tasks.add(threads.submit(() -> {
                    while (lease.take(3, System.nanoTime()) != LocalLease.SHORT) {
                        taken.addAndGet(3);
                    }
                }));
            }
            for (var task : tasks) {
                task.get();
            }
        }
        assertThat(taken.get()).isEqualTo(19_998);
        assertThat(lease.available()).isEqualTo(2);
    }

    @Test
    void oneRefillRunsForEveryRequestThatFindsTheLeaseShortMeanwhile() throws Exception {
        var asked = new AtomicInteger();
        var inDatabase = new CountDownLatch(1);
        var answer = new CountDownLatch(1);
        var outcomes = new ConcurrentLinkedQueue<LocalLease.Refill>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            threads.submit(() -> outcomes.add(lease.refill(() -> {
                asked.incrementAndGet();
                inDatabase.countDown();
                awaitLatch(answer);
                lease.add(100, 0, 100, 0);
                return true;
            })));
            inDatabase.await();
            var waiters = new ConcurrentLinkedQueue<Thread>();
            for (int i = 0; i < 50; i++) {
                threads.submit(() -> {
                    waiters.add(Thread.currentThread());
                    outcomes.add(lease.refill(() -> {
                        asked.incrementAndGet();
                        return false;
                    }));
                });
            }
            awaitParked(waiters, 50);
            assertThat(outcomes).isEmpty();
            answer.countDown();
        }

        assertThat(asked).hasValue(1);
        assertThat(outcomes).containsOnlyOnce(LocalLease.Refill.GRANTED);
        assertThat(outcomes).filteredOn(LocalLease.Refill.WAITED::equals).hasSize(50);
        // The next one to find the lease short asks again.
        assertThat(lease.refill(() -> false)).isEqualTo(LocalLease.Refill.REFUSED);
    }

    @Test
    void aRefillThatFailsFailsTheRequestsThatWaitedForIt() throws Exception {
        var inDatabase = new CountDownLatch(1);
        var answer = new CountDownLatch(1);
        var failures = new ConcurrentLinkedQueue<String>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Runnable> callers = new ArrayList<>();
            callers.add(() -> lease.refill(() -> {
                inDatabase.countDown();
                awaitLatch(answer);
                throw new IllegalStateException("database down");
            }));
            for (int i = 0; i < 5; i++) {
                callers.add(() -> lease.refill(() -> true));
            }
            threads.submit(() -> failures.add(failure(callers.get(0))));
            inDatabase.await();
            var waiters = new ConcurrentLinkedQueue<Thread>();
            for (var caller : callers.subList(1, callers.size())) {
                threads.submit(() -> {
                    waiters.add(Thread.currentThread());
                    failures.add(failure(caller));
                });
            }
            awaitParked(waiters, 5);
            answer.countDown();
        }

        assertThat(failures).hasSize(6).containsOnly("database down");
    }

    @Test
    void exactlyOneTakeCrossesTheLowWaterMarkOfEachRefill() {
        lease.add(100, 0, 100, 0);
        var crossedAt = new ArrayList<Long>();
        long left;
        while ((left = lease.take(10, 0)) != LocalLease.SHORT) {
            if (lease.crossedLowWater(10, left)) {
                crossedAt.add(left);
            }
        }
        assertThat(crossedAt).containsExactly(20L); // a quarter of 100 is 25

        lease.add(8, 0, 8, 0);
        assertThat(lease.crossedLowWater(8, lease.take(8, 0))).as("a take that empties a small grant").isTrue();
    }

    @Test
    void aRefillAheadRunsInTheBackgroundAndRequestsShortMeanwhileWaitForIt() throws Exception {
        var background = new ConcurrentLinkedQueue<Runnable>();
        var asked = new AtomicInteger();
        assertThat(lease.refillAhead(() -> {
            asked.incrementAndGet();
            lease.add(50, 0, 50, 0);
            return true;
        }, background::add)).isTrue();
        assertThat(lease.refillAhead(() -> true, background::add)).as("one refill at a time").isFalse();

        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var waiter = new ConcurrentLinkedQueue<Thread>();
            var outcome = threads.submit(() -> {
                waiter.add(Thread.currentThread());
                return lease.refill(() -> {
                    asked.incrementAndGet();
                    return false;
                });
            });
            awaitParked(waiter, 1);
            assertThat(asked).hasValue(0);

            background.remove().run();

            assertThat(outcome.get()).isEqualTo(LocalLease.Refill.WAITED);
        }
        assertThat(asked).hasValue(1);
        assertThat(lease.take(50, 0)).isZero();
        assertThat(lease.refillAhead(() -> true, Runnable::run)).as("the finished refill is cleared").isTrue();
    }

    @Test
    void aRefillAheadThatFailsFailsOnlyItsWaitersAndOneThatCannotStartLeavesNoTrace() throws Exception {
        var background = new ConcurrentLinkedQueue<Runnable>();
        lease.refillAhead(() -> {
            throw new IllegalStateException("database down");
        }, background::add);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var waiter = new ConcurrentLinkedQueue<Thread>();
            var failure = threads.submit(() -> {
                waiter.add(Thread.currentThread());
                return failure(() -> lease.refill(() -> true));
            });
            awaitParked(waiter, 1);

            background.remove().run(); // the background thread itself does not fail

            assertThat(failure.get()).isEqualTo("database down");
        }

        assertThat(lease.refillAhead(() -> true, task -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        })).isFalse();
        assertThat(lease.refill(() -> false)).as("no refill left behind to wait for").isEqualTo(LocalLease.Refill.REFUSED);
    }

    @Test
    void aRequestThatUsedMoreThanItReservedTakesTheRestFromTheLeaseButNeverBelowZero() {
        lease.add(10, 0, 10, 0);
        assertThat(lease.take(4, 0)).isEqualTo(6);

        lease.settle(4, 20);

        assertThat(lease.available()).isZero();
        assertThat(lease.drain()).containsExactly(20, 0);
    }

    @Test
    void anIdleLeaseIsHandedBackAndCountedAsReturned() {
        lease.add(10, 0, 10, 0);
        assertThat(lease.take(4, 100)).isEqualTo(6);

        lease.returnIfIdle(50);
        assertThat(lease.available()).isEqualTo(6);
        lease.returnIfIdle(101);

        assertThat(lease.available()).isZero();
        assertThat(lease.drain()).containsExactly(0, 6);
        assertThat(lease.drain()).as("drained once").containsExactly(0, 0);
    }

    @Test
    void whatARefillAsksForFollowsHowFastTheLastGrantWasSpent() {
        assertThat(lease.nextGrantCap(100, 0)).as("the first refill asks for the base").isEqualTo(100);
        lease.add(100, 0, 100, 0);
        assertThat(lease.nextGrantCap(100, 100)).as("spent in 0.1 s: twice the last ask, not all of 2 s worth").isEqualTo(200);
        lease.add(200, 0, 200, 100);
        assertThat(lease.nextGrantCap(100, 200)).isEqualTo(400);
        lease.add(400, 0, 400, 200);

        assertThat(lease.nextGrantCap(100, 2_200)).as("spent in 2 s: as much again").isEqualTo(400);
        assertThat(lease.nextGrantCap(100, 4_200)).as("spent in 4 s: half").isEqualTo(200);
        assertThat(lease.nextGrantCap(100, 60_200)).as("unused for a minute: the base").isEqualTo(100);
    }

    @Test
    void aRefillsAskGrowsToSixtyFourTimesItsBaseAtMostAndIsJudgedOnWhatWasGranted() {
        long now = 0;
        long cap = lease.nextGrantCap(1_000, now);
        for (int i = 0; i < 20; i++) {
            lease.add(cap, 0, cap, now);
            now += 10;
            cap = lease.nextGrantCap(1_000, now);
        }
        assertThat(cap).isEqualTo(64_000);

        // The database granted less than was asked (its share rule): the rate is that grant's.
        lease.add(5_000, 0, 64_000, now);
        assertThat(lease.nextGrantCap(1_000, now + 2_000)).isEqualTo(5_000);
    }

    /** Waits until {@code count} threads have started and all of them are parked, waiting for the refill. */
    private static void awaitParked(Collection<Thread> threads, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> threads.size() == count
                && threads.stream().allMatch(thread -> thread.getState() == Thread.State.WAITING));
    }

    private static String failure(Runnable caller) {
        try {
            caller.run();
            return "none";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
