package dev.warden.gateway.routing;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Time limits that a socket timeout cannot express: the time to a stream's first event and the
 * total time of a call. When one expires, the upstream call is cancelled, and the deadline
 * remembers that it was the cause, so that the failure is reported as a timeout.
 */
@Component
public class Deadlines implements DisposableBean {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("upstream-deadlines").daemon().factory());

    /** A running deadline. */
    public static final class Deadline {
        private final String what;
        private volatile boolean expired;
        private volatile ScheduledFuture<?> future;

        private Deadline(String what) {
            this.what = what;
        }

        public boolean expired() {
            return expired;
        }

        public String what() {
            return what;
        }

        public void cancel() {
            var scheduled = future;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    public Deadline after(Duration limit, String what, Runnable onExpiry) {
        var deadline = new Deadline(what);
        deadline.future = scheduler.schedule(() -> {
            deadline.expired = true;
            onExpiry.run();
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
        return deadline;
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
