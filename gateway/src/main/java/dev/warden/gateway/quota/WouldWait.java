package dev.warden.gateway.quota;

/**
 * A reservation that could not be made without waiting, asked for by a caller that must not wait
 * (an event loop): for the quota store, a lease to refill first; or for an exact count of a
 * prompt too long to tokenize on a loop. Nothing is held, and the caller makes it again where
 * waiting is allowed. Without a stack trace: it is a signal, thrown on a hot path.
 */
public final class WouldWait extends RuntimeException {

    /** What the reservation would have waited for. */
    public enum Reason { LEASE, COUNT }

    static final WouldWait LEASE = new WouldWait(Reason.LEASE, "the reservation would wait for the quota store");
    static final WouldWait COUNT = new WouldWait(Reason.COUNT, "the reservation would count a long prompt exactly");

    private final Reason reason;

    private WouldWait(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
