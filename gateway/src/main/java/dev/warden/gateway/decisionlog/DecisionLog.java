package dev.warden.gateway.decisionlog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Takes decision records off the request path: {@link #append} never blocks and never touches
 * the database; a background shipper writes them to PostgreSQL in batches, retrying a batch the
 * database refused rather than dropping it. It stops after the web server, draining what is left.
 */
@Component
public class DecisionLog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DecisionLog.class);

    private final DecisionWriter writer;
    private final DecisionLogProperties properties;
    private final BlockingQueue<DecisionRecord> queue;
    private final Counter shipped;
    private final Counter droppedQueueFull;
    private volatile boolean running;
    private Thread shipper;

    DecisionLog(DecisionWriter writer, DecisionLogProperties properties, MeterRegistry meters) {
        this.writer = writer;
        this.properties = properties;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.shipped = meters.counter("warden.decisions.shipped");
        this.droppedQueueFull = meters.counter("warden.decisions.dropped", "reason", "queue_full");
        Gauge.builder("warden.decisions.pending", queue, BlockingQueue::size).register(meters);
    }

    /** Queues a record for writing; counts it as dropped if the queue is full. */
    public void append(DecisionRecord record) {
        if (!queue.offer(record)) {
            droppedQueueFull.increment();
            log.warn("Decision log queue full: record {} dropped", record.id());
        }
    }

    @Override
    public void start() {
        running = true;
        shipper = Thread.ofPlatform().name("decision-log-shipper").daemon().start(this::ship);
    }

    @Override
    public void stop() {
        running = false;
        try {
            shipper.join(properties.drainTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            log.error("Decision log stopped with {} records not written", queue.size());
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

    private void ship() {
        var batch = new ArrayList<DecisionRecord>(properties.batchSize());
        while (running || !queue.isEmpty()) {
            try {
                var first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, properties.batchSize() - 1);
                writeUntilStored(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void writeUntilStored(List<DecisionRecord> batch) throws InterruptedException {
        while (true) {
            try {
                writer.write(batch);
                shipped.increment(batch.size());
                return;
            } catch (RuntimeException e) {
                log.warn("Writing {} decision records failed, retrying in {}: {}", batch.size(), properties.retryDelay(), e.getMessage());
                if (!running) {
                    log.error("Shutting down with {} decision records that could not be written", batch.size() + queue.size());
                    return;
                }
                Thread.sleep(properties.retryDelay().toMillis());
            }
        }
    }
}
