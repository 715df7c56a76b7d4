package dev.warden.gateway.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The exchanges opened and not yet closed. Whoever takes an exchange out of this set, its own
 * request path ({@link #close}) or a stop cutting off what is still in progress
 * ({@link #takeAll}), is the one that writes its record, so that a request cut off at a stop is
 * recorded once, even if its thread ends it later.
 */
final class OpenExchanges {

    private final Set<Exchange> open = ConcurrentHashMap.newKeySet();
    private final LongAdder received = new LongAdder();

    void add(Exchange exchange) {
        received.increment();
        open.add(exchange);
    }

    /** Takes the exchange out; false when it was taken already, and its record is not this caller's to write. */
    boolean close(Exchange exchange) {
        return open.remove(exchange);
    }

    /** Takes out every exchange still open, for a stop to record as cut off. */
    List<Exchange> takeAll() {
        var taken = new ArrayList<Exchange>();
        for (var exchange : open) {
            if (open.remove(exchange)) {
                taken.add(exchange);
            }
        }
        return taken;
    }

    /** Exchanges opened since start. */
    long received() {
        return received.sum();
    }

    /** Exchanges open now: requests in progress. */
    int inProgress() {
        return open.size();
    }
}
