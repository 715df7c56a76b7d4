package dev.warden.gateway.routing;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Time limits that a socket timeout cannot express: the time to a stream's first event and the
 * total time of a call. When one expires, the upstream call is cancelled, and the deadline
 * remembers that it was the cause, so that the failure is reported as a timeout.
 */
@Component
public class Deadlines implements DisposableBean {

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("upstream-deadlines").daemon().factory());

    public Deadlines() {
        // Nearly every deadline is cancelled long before it is due (a call's total limit is ten
        // minutes by default). Left in the queue, a cancelled deadline kept its call's request
        // reachable until then: every call of the last ten minutes, millions under load.
        scheduler.setRemoveOnCancelPolicy(true);
    }

    /** A running deadline. */
    public static final class Deadline {
        private final Duration limit;
        private final Function<Duration, String> description;
        private volatile boolean expired;
        private volatile ScheduledFuture<?> future;

        private Deadline(Duration limit, Function<Duration, String> description) {
            this.limit = limit;
            this.description = description;
        }

        public boolean expired() {
            return expired;
        }

        /** What expired, in words, for the error the client receives. */
        public String what() {
            return description.apply(limit);
        }

        public void cancel() {
            var scheduled = future;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    /**
     * Starts a deadline.
     *
     * @param description what expired, from the limit; written only when it does
     */
    public Deadline after(Duration limit, Function<Duration, String> description, Runnable onExpiry) {
        var deadline = new Deadline(limit, description);
        deadline.future = scheduler.schedule(() -> {
            deadline.expired = true;
            onExpiry.run();
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
        return deadline;
    }

    /** Deadlines started and neither expired nor cancelled. */
    public int running() {
        return scheduler.getQueue().size();
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
