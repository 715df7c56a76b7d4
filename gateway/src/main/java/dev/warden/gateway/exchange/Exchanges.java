package dev.warden.gateway.exchange;

import dev.warden.gateway.decisionlog.DecisionLog;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Opens an {@link Exchange} for every gateway request and closes it into exactly one decision
 * record and its metrics, whichever HTTP layer serves the request ({@link ExchangeFilter} for the
 * servlet container's).
 */
@Component
public class Exchanges {

    private static final Logger log = LoggerFactory.getLogger(Exchanges.class);

    private final DecisionLog decisions;
    private final GatewayMetrics metrics;
    private final Clock clock;

    Exchanges(DecisionLog decisions, GatewayMetrics metrics, Clock clock) {
        this.decisions = decisions;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** @param path the request's path, as the client sent it */
    public Exchange open(String path) {
        return new Exchange(path, clock.instant(), System.nanoTime());
    }

    /** The request ended in a failure that nothing answered: it is recorded as the gateway's own. */
    public void failed(Exchange exchange, Throwable failure) {
        exchange.interrupted("failed", "internal_error", failure.getClass().getSimpleName());
    }

    /** Writes the request's decision record and metrics; once per exchange. */
    public void close(Exchange exchange, int status) {
        var record = exchange.complete(status, System.nanoTime());
        decisions.append(record);
        metrics.record(record);
    }

    /**
     * {@link #close} for a thread that must not wait for the disk, an event loop: the future
     * completes once the record is as durable as the decision log promises (at once in relaxed
     * durability), and never exceptionally.
     */
    public CompletableFuture<Void> closeWithoutWaiting(Exchange exchange, int status) {
        var record = exchange.complete(status, System.nanoTime());
        var durable = decisions.appendWithoutWaiting(record);
        try {
            metrics.record(record);
        } catch (RuntimeException e) {
            // The record is spooled: the response must still wait for it, not end on this failure.
            log.warn("Request metrics of {} not recorded: {}", record.id(), e.toString());
        }
        return durable;
    }
}
