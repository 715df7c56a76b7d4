package dev.warden.gateway.routing;

import dev.warden.gateway.sweep.Sweep;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Time limits that a socket timeout cannot express: the time to a stream's first event and the
 * total time of a call. When one expires, the upstream call is cancelled, and the deadline
 * remembers that it was the cause, so that the failure is reported as a timeout.
 *
 * <p>Deadlines are kept by a {@link Sweep} every {@link #SWEEP}, not in a scheduler's queue: with
 * 5,000 streams opened at 400 a second on a slow machine, a thread dump found 95 requests queued
 * on that queue's lock, and streams waited seconds for their upstream call.
 *
 * <p>A deadline expires between its limit and one sweep later.
 */
@Component
public class Deadlines implements DisposableBean {

    static final Duration SWEEP = Duration.ofMillis(50);

    private final Sweep<Deadline> running;

    public Deadlines() {
        this(SWEEP);
    }

    Deadlines(Duration every) {
        running = new Sweep<>("upstream-deadlines", every);
    }

    /** A running deadline. */
    public static final class Deadline implements Sweep.Item {
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

        @Override
        public boolean dueAt(long now) {
            return now - dueNanos >= 0;
        }

        @Override
        public void expire() {
            expired = true;
            onExpiry.run();
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

    void sweep(long now) {
        running.sweep(now);
    }

    @Override
    public void destroy() {
        running.close();
    }
}
