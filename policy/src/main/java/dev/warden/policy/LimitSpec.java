package dev.warden.policy;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@code kind: Limit} document: how much a scope may use in a window.
 *
 * @param scope      what the limit counts per: org, team, key, user or model
 * @param match      an optional CEL condition narrowing the requests it applies to
 * @param window     the calendar window the counts reset in
 * @param requests   requests per window
 * @param tokens     input plus output tokens per window
 * @param costUsd    cost per window, from {@code kind: Price}
 * @param concurrent requests in flight at once
 * @param onOutage   what happens when the shared store is unreachable and this replica's leases
 *                   are spent: refuse (closed, the default) or admit uncounted (open)
 * @param unpriced   for a cost limit, what happens to a model with no {@code kind: Price}: refuse
 *                   it (the default) or count it as free
 */
public record LimitSpec(String name, Scope scope, Optional<String> match, Window window, OptionalLong requests,
                        OptionalLong tokens, Optional<BigDecimal> costUsd, OptionalLong concurrent, Outage onOutage,
                        Unpriced unpriced) {

    public LimitSpec(String name, Scope scope, Optional<String> match, Window window, OptionalLong requests,
                     OptionalLong tokens, Optional<BigDecimal> costUsd, OptionalLong concurrent) {
        this(name, scope, match, window, requests, tokens, costUsd, concurrent, Outage.CLOSED, Unpriced.DENY);
    }

    /** Fail closed or open when the shared store is down and leases are spent. */
    public enum Outage { CLOSED, OPEN }

    /** How a cost limit treats a model without a price. */
    public enum Unpriced { DENY, FREE }

    /** What a limit counts per. */
    public enum Scope { ORG, TEAM, KEY, USER, MODEL }

    /** The calendar window a limit's counts reset in. */
    public enum Window { MINUTE, HOUR, DAY, MONTH }
}
