package dev.warden.gateway.provider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import dev.warden.gateway.sweep.Sweep;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The read time limit of upstream calls, kept by one {@link Sweep} over all of them instead of a
 * socket timeout on each. A socket timeout costs a virtual thread a timer scheduled and cancelled
 * around every read that has to wait, which for a stream is every chunk: about an eighth of the
 * CPU a relayed chunk cost. Here a read only counts itself in and out, and a sweep every
 * {@link #SWEEP} finds the reads that have waited longer than their limit and cancels their
 * calls, so that the limit means what the socket timeout meant: time spent waiting for the
 * upstream's next bytes, never time the gateway spent writing to a slow client.
 *
 * <p>A limit is noticed between its length and one sweep later.
 */
@Component
public class StallWatch implements DisposableBean {

    static final Duration SWEEP = Duration.ofMillis(100);

    private final Sweep<Watch> watched;

    public StallWatch() {
        this(SWEEP);
    }

    StallWatch(Duration every) {
        watched = new Sweep<>("upstream-stall-sweep", every);
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

    void sweep(long now) {
        watched.sweep(now);
    }

    @Override
    public void destroy() {
        watched.close();
    }

    /** One call's reads. Its reads are made by one thread at a time; the sweep only looks. */
    static final class Watch implements Sweep.Item {
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

        @Override
        public boolean dueAt(long now) {
            long current = reads;
            if ((current & 1) == 0) {
                return false;
            }
            if (current != seenReads) {
                seenReads = current;
                seenSince = now;
                return false;
            }
            return now - seenSince >= limitNanos;
        }

        @Override
        public void expire() {
            stalled = true;
            onStall.run();
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
