package dev.warden.gateway.quota;

/** A limit could not be checked: the shared store is down and this replica's lease is spent (fail closed). */
public class LimitStoreUnavailable extends RuntimeException {

    LimitStoreUnavailable(String limit, Throwable cause) {
        super("Limit '" + limit + "' cannot be checked while its store is unavailable; try again shortly.", cause, false, false);
    }
}
