package dev.warden.gateway.decisionlog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose write to PostgreSQL has not finished in time. The read bound (the
 * driver's {@code socketTimeout}) ends a wait for the server's answer, but nothing ends a write to
 * a server that stopped reading: once the socket's buffers are full the writing thread blocks until
 * TCP gives up, which a peer still acknowledging with a closed window never makes it do. A shipper
 * blocked there ships nothing until restart, so each step of a write is given twice the read bound
 * (as long for the bytes to leave as for an answer to come), after which its connection is aborted
 * and the write fails as over any broken connection, to be retried on a new one.
 */
final class WriteDeadlines implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WriteDeadlines.class);

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().daemon().name("warden-decision-write-deadline").factory());
    private final Counter aborted;

    WriteDeadlines(MeterRegistry meters) {
        timer.setRemoveOnCancelPolicy(true);
        aborted = Counter.builder("warden.decisions.ship.write.aborted")
                .description("Connections closed because a write of decision records did not finish in twice the read bound")
                .register(meters);
    }

    /** A deadline for writes on {@code connection}, none when the connection's reads are unbounded. */
    Deadline on(Connection connection) throws SQLException {
        return new Deadline(connection, 2L * connection.getNetworkTimeout());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /**
     * Armed before a step that writes, disarmed once it is done. Arming, disarming and the abort
     * hold one lock, and an abort acts only for the step it was armed for: once {@link #close}
     * returns, no abort is running or can start, so a connection handed back to the pool (and
     * borrowed by another thread) is never aborted for a step that finished.
     */
    final class Deadline implements AutoCloseable {

        private final Connection connection;
        private final long boundMillis;
        private ScheduledFuture<?> armed;
        /** The step armed now; 0 when none is. */
        private long step;
        private long steps;

        private Deadline(Connection connection, long boundMillis) {
            this.connection = connection;
            this.boundMillis = boundMillis;
        }

        /** From now, the step has the bound to finish; a step armed before is done. */
        synchronized void arm() {
            disarm();
            if (boundMillis > 0) {
                long current = ++steps;
                step = current;
                armed = timer.schedule(() -> abort(current), boundMillis, TimeUnit.MILLISECONDS);
            }
        }

        synchronized void disarm() {
            step = 0;
            if (armed != null) {
                armed.cancel(false);
                armed = null;
            }
        }

        @Override
        public void close() {
            disarm();
        }

        private synchronized void abort(long overrun) {
            if (step != overrun) {
                return; // the step finished as its deadline came
            }
            aborted.increment();
            log.warn("PostgreSQL took no decision records for {} ms; closing the connection to retry on a new one", boundMillis);
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                log.warn("Could not abort a stalled database connection: {}", e.toString());
            }
        }
    }
}
