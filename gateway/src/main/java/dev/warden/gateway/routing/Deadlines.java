package dev.warden.gateway.routing;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Time limits that a socket timeout cannot express: the time to a stream's first event and the
 * total time of a call. When one expires, the upstream call is cancelled, and the deadline
 * remembers that it was the cause, so that the failure is reported as a timeout.
 *
 * <p>Deadlines are kept in a concurrent set that one sweep every {@link #SWEEP} checks, not in a
 * scheduler's queue. Every call starts one or two and nearly all are cancelled long before they
 * are due; a scheduler keeps them in a heap behind one lock, and with 5,000 streams opened at 400
 * a second on a slow machine a thread dump found 95 requests queued on that lock: a virtual thread
 * that waits for a lock must be scheduled again to take it, behind every runnable stream, so the
 * queue grew faster than it drained, and streams waited seconds for their upstream call. Starting
 * and cancelling a deadline is now an insert and a removal in a concurrent set.
 *
 * <p>A deadline expires between its limit and one sweep later.
 */
@Component
public class Deadlines implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Deadlines.class);

    static final Duration SWEEP = Duration.ofMillis(50);

    private final Set<Deadline> running = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor sweeper = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("upstream-deadlines").daemon().factory());

    public Deadlines() {
        this(SWEEP);
    }

    Deadlines(Duration every) {
        sweeper.scheduleWithFixedDelay(this::sweep, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A running deadline. */
    public static final class Deadline {
        private final Deadlines owner;
        private final Duration limit;
        private final long dueNanos;
        private final Function<Duration, String> description;
        private final Runnable onExpiry;
        private volatile boolean expired;

        private Deadline(Deadlines owner, Duration limit, long dueNanos, Function<Duration, String> description, Runnable onExpiry) {
            this.owner = owner;
            this.limit = limit;
            this.dueNanos = dueNanos;
            this.description = description;
            this.onExpiry = onExpiry;
        }

        public boolean expired() {
            return expired;
        }

        /** What expired, in words, for the error the client receives. */
        public String what() {
            return description.apply(limit);
        }

        /** Stops the deadline; once the sweep has taken it to expire, its action runs all the same. */
        public void cancel() {
            owner.running.remove(this);
        }
    }

    /**
     * Starts a deadline.
     *
     * @param description what expired, from the limit; written only when it does
     * @param onExpiry    run on the sweep's thread when the deadline expires
     */
    public Deadline after(Duration limit, Function<Duration, String> description, Runnable onExpiry) {
        var deadline = new Deadline(this, limit, System.nanoTime() + limit.toNanos(), description, onExpiry);
        running.add(deadline);
        return deadline;
    }

    /** Deadlines started and neither expired nor cancelled. */
    public int running() {
        return running.size();
    }

    void sweep() {
        sweep(System.nanoTime());
    }

    void sweep(long now) {
        for (var deadline : running) {
            // Only the one that removes it expires it, so a deadline cancelled meanwhile does not.
            if (now - deadline.dueNanos >= 0 && running.remove(deadline)) {
                deadline.expired = true;
                try {
                    deadline.onExpiry.run();
                } catch (RuntimeException e) {
                    // One failed action must not end the sweep, which would stop every deadline.
                    log.warn("The action of an expired deadline failed", e);
                }
            }
        }
    }

    @Override
    public void destroy() {
        sweeper.shutdownNow();
    }
}
