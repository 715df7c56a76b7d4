package dev.warden.gateway.quota;

import java.time.Instant;
import java.util.List;

/** The units one request holds, per counter, until it settles or releases them. */
public final class Reservation {

    /** One counter's share of a reservation. */
    record Hold(CounterKey key, long units) {
    }

    static final Reservation NONE = new Reservation(List.of(), Instant.MAX);

    private final List<Hold> holds;
    private final Instant expiresAt;
    private boolean finished;

    Reservation(List<Hold> holds, Instant expiresAt) {
        this.holds = List.copyOf(holds);
        this.expiresAt = expiresAt;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    List<Hold> holds() {
        return holds;
    }

    /** Marks the reservation finished; returns false if it already was, so it is settled once. */
    synchronized boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        return true;
    }
}
