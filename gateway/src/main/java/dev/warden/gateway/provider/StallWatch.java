package dev.warden.gateway.provider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The read time limit of streamed calls, kept by one sweep over all of them instead of a socket
 * timeout on each. A socket timeout costs a virtual thread a timer scheduled and cancelled around
 * every read that has to wait, which for a stream is every chunk: about an eighth of the CPU a
 * relayed chunk cost. Here a read only counts itself in and out, and a sweep every
 * {@link #SWEEP} finds the reads that have waited longer than their limit and cancels their
 * calls, so that the limit means what the socket timeout meant: time spent waiting for the
 * upstream's next bytes, never time the gateway spent writing to a slow client.
 *
 * <p>A limit is noticed between its length and one sweep later.
 */
@Component
public class StallWatch implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StallWatch.class);

    static final Duration SWEEP = Duration.ofMillis(100);

    private final Set<Watch> watched = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor sweeper = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("upstream-stall-sweep").daemon().factory());

    public StallWatch() {
        this(SWEEP);
    }

    StallWatch(Duration every) {
        sweeper.scheduleWithFixedDelay(this::sweep, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Starts watching a call's reads; until a read begins, nothing is waited for.
     *
     * @param onStall cancels the call; run on the sweeper's thread
     */
    Watch start(Duration limit, Runnable onStall) {
        var watch = new Watch(this, limit, onStall);
        watched.add(watch);
        return watch;
    }

    /** Calls being watched. */
    int watching() {
        return watched.size();
    }

    void sweep() {
        sweep(System.nanoTime());
    }

    void sweep(long now) {
        for (var watch : watched) {
            if (watch.stalledAt(now)) {
                watched.remove(watch);
                try {
                    watch.onStall.run();
                } catch (RuntimeException e) {
                    // A failed cancel must not end the sweep, which would stop watching every call.
                    log.warn("Cancelling a stalled upstream call failed", e);
                }
            }
        }
    }

    @Override
    public void destroy() {
        sweeper.shutdownNow();
    }

    /** One call's reads. Its reads are made by one thread at a time; the sweep only looks. */
    static final class Watch {
        private final StallWatch owner;
        private final long limitNanos;
        private final Duration limit;
        private final Runnable onStall;
        /** Odd while a read waits; each read moves it on twice. */
        private volatile long reads;
        private volatile boolean stalled;
        // The sweep's own view: the read it last saw waiting, and since when.
        private long seenReads = -1;
        private long seenSince;

        private Watch(StallWatch owner, Duration limit, Runnable onStall) {
            this.owner = owner;
            this.limit = limit;
            this.limitNanos = limit.toNanos();
            this.onStall = onStall;
        }

        private boolean stalledAt(long now) {
            long current = reads;
            if ((current & 1) == 0) {
                return false;
            }
            if (current != seenReads) {
                seenReads = current;
                seenSince = now;
                return false;
            }
            if (now - seenSince < limitNanos) {
                return false;
            }
            stalled = true;
            return true;
        }

        /** A read of the upstream begins: from now until {@link #readEnds()}, the call waits. */
        void readStarts() {
            reads = reads + 1;
        }

        void readEnds() {
            reads = reads + 1;
        }

        /** Whether the call was cancelled because the upstream went quiet. */
        boolean stalled() {
            return stalled;
        }

        /** What happened, in words, for the error the client receives. */
        private String what() {
            return "the upstream sent nothing for " + limit.toMillis() + " ms";
        }

        /** The body, read under the watch; a read cut off by the watch fails as a read timeout. */
        InputStream body(InputStream in) {
            return new WatchedInput(in, this);
        }

        /** Stops watching: the call is over. */
        void end() {
            owner.watched.remove(this);
        }

        IOException explain(IOException failure) {
            if (!stalled) {
                return failure;
            }
            var timeout = new SocketTimeoutException(what());
            timeout.initCause(failure);
            return timeout;
        }
    }

    private static final class WatchedInput extends FilterInputStream {
        private final Watch watch;

        WatchedInput(InputStream in, Watch watch) {
            super(in);
            this.watch = watch;
        }

        @Override
        public int read() throws IOException {
            watch.readStarts();
            try {
                return in.read();
            } catch (IOException e) {
                throw watch.explain(e);
            } finally {
                watch.readEnds();
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            watch.readStarts();
            try {
                return in.read(buffer, offset, length);
            } catch (IOException e) {
                throw watch.explain(e);
            } finally {
                watch.readEnds();
            }
        }
    }
}
