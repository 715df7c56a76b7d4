package dev.warden.gateway.quota;

/**
 * A reservation that could not be made without waiting for the quota store (a lease to refill
 * first), asked for by a caller that must not wait: nothing is held, and the caller makes it
 * again where waiting is allowed. Without a stack trace: it is a signal, thrown on a hot path.
 */
public final class WouldWait extends RuntimeException {

    static final WouldWait INSTANCE = new WouldWait();

    private WouldWait() {
        super("the reservation would wait for the quota store", null, false, false);
    }
}
