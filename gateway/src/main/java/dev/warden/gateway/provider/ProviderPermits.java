package dev.warden.gateway.provider;

import dev.warden.policy.ProviderSpec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * A provider's calls in progress, whichever client sends them: its {@code maxConnections} bounds
 * them together. Each client kept the bound over its own connections only, and the event loop's
 * client counted the blocking one's too, but not the other way round, so the blocking client's
 * calls (all streams, then) and the loop's at their peak together could hold up to twice the bound.
 *
 * <p>A call takes a permit before it takes a connection and gives it back when the connection is
 * free again. The blocking client waits for one on its own thread; the loop's client never waits
 * here: {@link #tryTake} fails, its call queues on its loop, and {@link #onGiven} tells it when a
 * permit comes back, from either client.
 */
@Component
public class ProviderPermits {

    private final Map<String, Count> counts = new ConcurrentHashMap<>();
    private volatile Consumer<String> given = provider -> { };

    /** One provider's calls in progress; keyed by name, so a policy that edits the provider keeps counting its calls. */
    private static final class Count {
        final AtomicInteger inUse = new AtomicInteger();
        final ReentrantLock lock = new ReentrantLock();
        final Condition freed = lock.newCondition();
        /** Blocking callers waiting; a give signals only when there are any. */
        final AtomicInteger waiting = new AtomicInteger();
    }

    private Count count(ProviderSpec provider) {
        var count = counts.get(provider.name());
        return count != null ? count : counts.computeIfAbsent(provider.name(), name -> new Count());
    }

    /** Takes a permit if the provider has fewer than {@code maxConnections} calls in progress; never waits. */
    public boolean tryTake(ProviderSpec provider) {
        var inUse = count(provider).inUse;
        int max = provider.maxConnections();
        while (true) {
            int now = inUse.get();
            if (now >= max) {
                return false;
            }
            if (inUse.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /**
     * Takes a permit, waiting for one no longer than {@code limit}, or until {@code cancelled}
     * says so when {@link #wake} wakes the waiters.
     *
     * @return false when none came free in time, or the wait was cancelled
     */
    public boolean take(ProviderSpec provider, Duration limit, BooleanSupplier cancelled) throws InterruptedException {
        if (tryTake(provider)) {
            return true;
        }
        var count = count(provider);
        long left = limit.toNanos();
        count.lock.lock();
        count.waiting.incrementAndGet();
        try {
            while (!tryTake(provider)) {
                if (left <= 0 || cancelled.getAsBoolean()) {
                    return false;
                }
                left = count.freed.awaitNanos(left);
            }
            return true;
        } finally {
            count.waiting.decrementAndGet();
            count.lock.unlock();
        }
    }

    /** Gives a permit back, and tells whoever waits for one: a blocking caller, then the loop's client. */
    public void give(ProviderSpec provider) {
        var count = count(provider);
        count.inUse.decrementAndGet();
        if (count.waiting.get() > 0) {
            count.lock.lock();
            try {
                count.freed.signal();
            } finally {
                count.lock.unlock();
            }
        }
        given.accept(provider.name());
    }

    /** Wakes every blocking caller waiting for one of the provider's permits, to look at whether it was cancelled. */
    public void wake(ProviderSpec provider) {
        var count = count(provider);
        count.lock.lock();
        try {
            count.freed.signalAll();
        } finally {
            count.lock.unlock();
        }
    }

    /** The provider's calls in progress now, on both clients. */
    public int inUse(String provider) {
        var count = counts.get(provider);
        return count == null ? 0 : count.inUse.get();
    }

    /** Blocking callers waiting for one of the provider's permits now. */
    int waiting(String provider) {
        var count = counts.get(provider);
        return count == null ? 0 : count.waiting.get();
    }

    /** Called with the provider's name whenever a permit is given back (the loop's client wakes a queued call). */
    void onGiven(Consumer<String> listener) {
        this.given = listener;
    }
}
