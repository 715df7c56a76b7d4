package dev.warden.gateway.decisionlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.decisionlog.spool.DecisionSpool;
import dev.warden.gateway.decisionlog.spool.SpoolReader;
import dev.warden.gateway.embedded.DataDirectory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every decision record goes first to a local, checksummed spool on disk, and from there to
 * PostgreSQL in batches, by a background shipper that resumes where it stopped after a restart
 * and retries a batch the database refused until it is stored. A request never waits on the
 * database; in strict durability it waits for its record to be on disk. Writes are idempotent by
 * decision id, so replaying the spool never duplicates a record.
 */
@Component
public class DecisionLog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DecisionLog.class);
    /**
     * How long the shipper lets records gather after a batch that was not full. Waking it for
     * every record made PostgreSQL take one insert per request at moderate load, in bursts that
     * competed with requests for the CPU; one insert of many rows costs it far less.
     */
    private static final long ROUND_NANOS = 50_000_000;

    private final DecisionWriter writer;
    private final DecisionLogProperties properties;
    private final ObjectMapper json;
    private final DecisionSpool spool;
    private final SpoolReader reader;
    private final Counter shipped;
    private final Counter droppedSpoolWrite;
    private final Counter droppedUnreadable;
    private final Counter syncFailed;
    private final Timer shipLatency;
    /**
     * Records appended since start (the {@code warden.decisions.spooled} counter): the shipper
     * skips reading the spool while this has not moved, and what is pending is this less what
     * was shipped, so an append updates one shared count.
     */
    private final AtomicLong appended = new AtomicLong();
    /** Records shipped (or skipped as unreadable) since start, spooled earlier ones included; the shipper writes it. */
    private volatile long shippedSinceStart;
    private final AtomicLong spoolReads = new AtomicLong();
    private volatile boolean running;
    private volatile String lastShipError;
    private Thread shipper;
    private volatile Thread syncer;
    /**
     * What {@link #appendWithoutWaiting} returns when there is nothing to wait for: one shared
     * future rather than one per request, since its callers only ask whether it is done.
     */
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    @Autowired
    DecisionLog(DecisionWriter writer, DecisionLogProperties properties, ObjectMapper json, DataDirectory data, MeterRegistry meters) {
        this(writer, properties, json, new DecisionSpool(data.resolve("spool"), properties.segmentBytes()), meters);
    }

    /** On the spool given, which a test puts on a disk that fails its syncs. */
    DecisionLog(DecisionWriter writer, DecisionLogProperties properties, ObjectMapper json, DecisionSpool spool, MeterRegistry meters) {
        this.writer = writer;
        this.properties = properties;
        this.json = json;
        this.spool = spool;
        try {
            this.reader = new SpoolReader(spool);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the decision spool's checkpoint", e);
        }
        // Read from the count the shipper already keeps: a Counter's striped adder starts each new
        // virtual thread, so each request, on an uninitialised stripe, and the two carriers fought
        // over one cell (about 3% of a request's CPU in a profile).
        FunctionCounter.builder("warden.decisions.spooled", appended, AtomicLong::get).register(meters);
        this.shipped = meters.counter("warden.decisions.shipped");
        this.droppedSpoolWrite = meters.counter("warden.decisions.dropped", "reason", "spool_write_failed");
        this.droppedUnreadable = meters.counter("warden.decisions.dropped", "reason", "unreadable_in_spool");
        this.syncFailed = Counter.builder("warden.decisions.sync.failed")
                .description("Strict records spooled whose sync to disk failed: shipped as usual, but a crash before the next sync could lose them")
                .register(meters);
        this.shipLatency = Timer.builder("warden.decisions.ship.latency").description("Time to store one batch in PostgreSQL")
                .register(meters);
        Gauge.builder("warden.decisions.pending", this, DecisionLog::pending).description("Records spooled and not yet shipped")
                .register(meters);
        Gauge.builder("warden.decisions.spool.bytes", spool, DecisionSpool::bytes).description("Bytes in the spool's files")
                .register(meters);
        Gauge.builder("warden.decisions.spool.corrupt.segments", reader, SpoolReader::corruptSegments)
                .description("Spool segments whose damaged tail was skipped").register(meters);
    }

    /** Spools a record; in strict durability, returns once it is on disk. */
    public void append(DecisionRecord record) {
        long mark;
        try {
            mark = spool(record);
        } catch (IOException e) {
            dropped(record, e);
            return;
        }
        if (properties.durability() == DecisionLogProperties.Durability.STRICT) {
            try {
                spool.awaitDurable(mark);
            } catch (IOException e) {
                unsynced(record, e);
            }
        }
    }

    /**
     * Spools a record without waiting for the disk: the future completes at once in relaxed
     * durability, and in strict durability once the record is on disk, when the sync thread,
     * woken for it, has synced it. It never completes exceptionally: a record that could not be
     * spooled or synced is counted and logged as {@link #append} does, and the request goes on.
     */
    public CompletableFuture<Void> appendWithoutWaiting(DecisionRecord record) {
        long mark;
        try {
            mark = spool(record);
        } catch (IOException e) {
            dropped(record, e);
            return DONE;
        }
        if (properties.durability() != DecisionLogProperties.Durability.STRICT) {
            return DONE;
        }
        var durable = spool.whenDurable(mark);
        if (durable.isDone() && !durable.isCompletedExceptionally()) {
            return durable;
        }
        var syncs = syncer;
        LockSupport.unpark(syncs);
        if (!running || syncs == null || !syncs.isAlive()) {
            // Stopping, or not started: the sync thread may be gone, so this thread syncs.
            try {
                spool.awaitDurable(mark);
            } catch (IOException e) {
                // The waiter has failed with it; handled below.
            }
        }
        return durable.handle((ignored, failure) -> {
            if (failure != null) {
                unsynced(record, failure);
            }
            return null;
        });
    }

    private long spool(DecisionRecord record) throws IOException {
        var json = SpoolFormat.write(record, DecisionSpool.FRAME_HEADER);
        long mark = spool.appendFramed(json.array(), json.size() - DecisionSpool.FRAME_HEADER);
        if ((appended.incrementAndGet() - shippedSinceStart) % properties.batchSize() == 0) {
            // A full batch is waiting: no need to wait for the shipper's next round.
            LockSupport.unpark(shipper);
        }
        return mark;
    }

    private void dropped(DecisionRecord record, Throwable failure) {
        droppedSpoolWrite.increment();
        log.error("Decision record {} could not be spooled: {}", record.id(), failure.getMessage());
    }

    /** The record is in the spool and ships; only its survival of a crash before the next sync is in doubt. */
    private void unsynced(DecisionRecord record, Throwable failure) {
        syncFailed.increment();
        log.error("Decision record {} is spooled but its sync to disk failed: {}", record.id(), failure.getMessage());
    }

    /** The last reason PostgreSQL refused a batch, while it is still refusing; null when shipping works. */
    public String lastShipError() {
        return lastShipError;
    }

    public long pending() {
        return Math.max(0, appended.get() - shippedSinceStart);
    }

    @Override
    public void start() {
        running = true;
        shipper = Thread.ofPlatform().name("decision-log-shipper").daemon().start(this::ship);
        syncer = Thread.ofPlatform().name("decision-log-sync").daemon().start(this::syncPeriodically);
    }

    @Override
    public void stop() {
        running = false;
        LockSupport.unpark(shipper);
        LockSupport.unpark(syncer);
        boolean interrupted = false;
        try {
            shipper.join(properties.drainTimeout().toMillis());
            syncer.join(1000);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        // Even when interrupted (the spool holds the flag back while it forces): a record appended
        // without waiting is completed by this sync at the latest.
        try {
            spool.sync();
        } catch (IOException e) {
            log.error("Syncing the decision spool at shutdown failed: {}", e.getMessage());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (pending() > 0) {
            log.warn("{} decision records stay in the spool; they are shipped at the next start", pending());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Later than the web server's phases, so it starts before requests arrive and stops after they end. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /**
     * Ships rounds until stopped. A read that finds nothing notes how many records had been
     * appended before it began; until another append, there is nothing new to read, and an idle
     * gateway then neither lists the spool's directory nor opens its segment every round. An
     * append bumps the count only once its frame is in the spool, so a read that began before the
     * bump is followed by another.
     */
    private void ship() {
        long idleAtAppends = -1; // at start, read whatever earlier runs left
        while (true) {
            try {
                long appendsBefore = appended.get();
                if (appendsBefore == idleAtAppends) {
                    if (!running) {
                        return;
                    }
                    LockSupport.parkNanos(ROUND_NANOS);
                    continue;
                }
                spoolReads.incrementAndGet();
                var batch = reader.next(properties.batchSize());
                if (batch.payloads().isEmpty()) {
                    idleAtAppends = appendsBefore;
                    continue;
                }
                if (!storeUntilDone(new SpooledDecisions(batch.payloads(), json, this::unreadable))) {
                    return;
                }
                reader.commit(batch);
                shipped.increment(batch.payloads().size());
                shippedSinceStart += batch.payloads().size(); // only the shipper writes it
                if (batch.payloads().size() < properties.batchSize() && running) {
                    LockSupport.parkNanos(ROUND_NANOS);
                }
            } catch (IOException | RuntimeException e) {
                // The shipper must outlive every failure: records wait in the spool until it succeeds.
                log.error("Shipping from the decision spool failed; retrying: {}", e.toString());
                LockSupport.parkNanos(properties.retryDelay().toNanos());
            }
        }
    }

    /** How many times the shipper has read the spool; an idle gateway does not. */
    long spoolReads() {
        return spoolReads.get();
    }

    private void unreadable(IOException e) {
        droppedUnreadable.increment();
        log.error("A spooled decision record cannot be read back and is skipped: {}", e.getMessage());
    }

    /** Writes until PostgreSQL takes the batch; gives up only when shutting down (the spool keeps it). */
    private boolean storeUntilDone(SpooledDecisions records) {
        while (true) {
            try {
                shipLatency.record(() -> writer.write(records));
                lastShipError = null;
                return true;
            } catch (RuntimeException | AssertionError e) {
                // AssertionError: the PostgreSQL driver asserts on a connection that died mid-batch.
                lastShipError = e.getMessage();
                log.warn("Storing {} decision records failed; they stay spooled and are retried: {}", records.size(), e.getMessage());
                if (!running) {
                    return false;
                }
                LockSupport.parkNanos(properties.retryDelay().toNanos());
            }
        }
    }

    /**
     * Syncs every {@code syncInterval}, and at once when a strict request that does not wait
     * ({@link #appendWithoutWaiting}) wakes it: the requests that arrive during one sync are
     * made durable together by the next.
     */
    private void syncPeriodically() {
        while (running) {
            LockSupport.parkNanos(properties.syncInterval().toNanos());
            // Nothing stops this thread by interrupting it (stop() clears running and unparks it). A stray
            // interrupt would fail every sync (a channel forced on an interrupted thread closes) and end
            // every park at once: it is dropped.
            Thread.interrupted();
            try {
                spool.sync();
            } catch (IOException | RuntimeException e) {
                // Kept alive whatever failed: strict requests on an event loop wait for this thread's syncs.
                log.error("Syncing the decision spool failed: {}", e.toString());
            }
        }
    }
}
