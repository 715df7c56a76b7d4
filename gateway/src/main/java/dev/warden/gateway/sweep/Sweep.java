package dev.warden.gateway.sweep;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Time limits kept by one periodic sweep over a concurrent set, instead of a timer each. Upstream
 * calls start and end limits at the request rate and nearly all end long before they are due; a
 * timer each costs a scheduler's queue, behind one lock, and on virtual threads a lock that makes
 * one wait makes it wait to be scheduled again, behind every runnable request. Here starting and
 * ending a limit is an insert and a removal in a concurrent set; the price is that a limit is
 * noticed up to one sweep late.
 *
 * @param <T> what is watched
 */
public final class Sweep<T extends Sweep.Item> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Sweep.class);

    /** One watched limit. */
    public interface Item {
        /** Whether the limit has passed at {@code now}, in {@link System#nanoTime()} terms; called by the sweep only. */
        boolean dueAt(long now);

        /** Acts on the passed limit; runs on the sweep's thread, once, unless the item was removed first. */
        void expire();
    }

    private final Set<T> items = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor sweeper;

    /**
     * @param thread the sweep thread's name
     * @param every  how often the sweep runs
     */
    public Sweep(String thread, Duration every) {
        sweeper = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name(thread).daemon().factory());
        sweeper.scheduleWithFixedDelay(this::sweep, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
    }

    public void add(T item) {
        items.add(item);
    }

    /** Stops watching an item; once the sweep has taken it to expire, it expires all the same. */
    public void remove(T item) {
        items.remove(item);
    }

    /** Items watched. */
    public int size() {
        return items.size();
    }

    public void sweep() {
        sweep(System.nanoTime());
    }

    /** One sweep, as if at {@code now}. */
    public void sweep(long now) {
        for (var item : items) {
            // Only the sweep that removes an item expires it, so one removed meanwhile does not.
            if (item.dueAt(now) && items.remove(item)) {
                try {
                    item.expire();
                } catch (RuntimeException e) {
                    // One failed action must not end the sweep, which would stop watching every item.
                    log.warn("Acting on a passed time limit failed", e);
                }
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
