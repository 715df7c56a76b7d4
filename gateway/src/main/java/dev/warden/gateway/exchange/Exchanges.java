package dev.warden.gateway.exchange;

import dev.warden.gateway.decisionlog.DecisionLog;
import dev.warden.gateway.decisionlog.DecisionRecord;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Opens an {@link Exchange} for every gateway request and closes it into exactly one decision
 * record and its metrics, whichever HTTP layer serves the request ({@link ExchangeFilter} for the
 * servlet container's).
 *
 * <p>A request still in progress when the gateway stops, once its HTTP layers have drained
 * what they could and stopped, is recorded as {@code cut_off} before the decision log stops:
 * its client got no whole answer, and no request goes unrecorded for it.
 */
@Component
public class Exchanges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Exchanges.class);
    /** The status recorded for a request cut off by a stop, unless it had failed with its own. */
    static final int CUT_OFF_STATUS = 503;
    /** What {@link #closeWithoutWaiting} returns for a request a stop has recorded as cut off. */
    public static final CompletableFuture<Void> CUT_OFF = CompletableFuture.completedFuture(null);

    private final DecisionLog decisions;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final OpenExchanges open = new OpenExchanges();
    private volatile boolean running;

    Exchanges(DecisionLog decisions, GatewayMetrics metrics, Clock clock) {
        this.decisions = decisions;
        this.metrics = metrics;
        this.clock = clock;
        metrics.track(open);
    }

    /** @param path the request's path, as the client sent it */
    public Exchange open(String path) {
        var exchange = new Exchange(path, clock.instant(), System.nanoTime());
        open.add(exchange);
        return exchange;
    }

    /** The request ended in a failure that nothing answered: it is recorded as the gateway's own. */
    public void failed(Exchange exchange, Throwable failure) {
        exchange.interrupted("failed", "internal_error", failure.getClass().getSimpleName());
    }

    /**
     * Writes the request's decision record and metrics. Returns false, writing nothing, when a
     * stop has recorded the request as cut off: its response must not then end as if answered.
     */
    public boolean close(Exchange exchange, int status) {
        if (!open.close(exchange)) {
            return false;
        }
        var record = exchange.complete(status, System.nanoTime());
        decisions.append(record);
        recordMetrics(record);
        return true;
    }

    /**
     * {@link #close} for a thread that must not wait for the disk, an event loop: the future
     * completes once the record is as durable as the decision log promises (at once in relaxed
     * durability), and never exceptionally. It is {@link #CUT_OFF} itself when a stop has
     * recorded the request as cut off.
     */
    public CompletableFuture<Void> closeWithoutWaiting(Exchange exchange, int status) {
        if (!open.close(exchange)) {
            return CUT_OFF;
        }
        var record = exchange.complete(status, System.nanoTime());
        var durable = decisions.appendWithoutWaiting(record);
        recordMetrics(record);
        return durable;
    }

    /** Metrics after the record is spooled: the response must still wait for the record, not end on their failure. */
    private void recordMetrics(DecisionRecord record) {
        try {
            metrics.record(record);
        } catch (RuntimeException e) {
            log.warn("Request metrics of {} not recorded: {}", record.id(), e.toString());
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Records every request still in progress as cut off, should an HTTP layer have left any. */
    @Override
    public void stop() {
        running = false;
        cutOff();
    }

    /**
     * Records every request still in progress as cut off by the stop: called when the drain
     * time is over and their clients' connections are about to be closed. Their own paths,
     * should they end later, record nothing more. Nothing here waits for the disk, so that the
     * window in which a request could still end by itself is short; the decision log's stop,
     * which follows, syncs what was spooled. Returns how many there were.
     */
    public int cutOff() {
        var cutOff = open.takeAll();
        for (var exchange : cutOff) {
            try {
                exchange.interrupted("cut_off", "gateway_stopped", exchange.hasBegun()
                        ? "the gateway stopped after this response had begun and before it ended"
                        : "the gateway stopped before this request was answered");
                var record = cutOffRecord(exchange);
                decisions.appendWithoutWaiting(record);
                recordMetrics(record);
            } catch (RuntimeException e) {
                log.error("The record of request {}, cut off by the stop, could not be written", exchange.id(), e);
            }
        }
        if (!cutOff.isEmpty()) {
            log.warn("{} requests still in progress as the gateway stopped are recorded as cut off", cutOff.size());
        }
        return cutOff.size();
    }

    /**
     * The record of an exchange taken from its request, whose thread may still be at work on it:
     * building it can meet an attempt being added, and is tried again, then done without the
     * attempts and bodies rather than not at all.
     */
    private static DecisionRecord cutOffRecord(Exchange exchange) {
        for (int tries = 1; tries <= 3; tries++) {
            try {
                return exchange.complete(CUT_OFF_STATUS, System.nanoTime());
            } catch (RuntimeException e) {
                LockSupport.parkNanos(1_000_000);
            }
        }
        return exchange.completeWithoutDetail(CUT_OFF_STATUS, System.nanoTime());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stopped after the web servers (Spring Boot's stop 2048 phases below the default) and the
     * front, so that they have drained what they could, and before the decision log
     * ({@link DecisionLog#getPhase}), which must still take the records.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 3072;
    }
}
