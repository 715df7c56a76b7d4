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
 */
public record LimitSpec(String name, Scope scope, Optional<String> match, Window window, OptionalLong requests,
                        OptionalLong tokens, Optional<BigDecimal> costUsd, OptionalLong concurrent) {

    /** What a limit counts per. */
    public enum Scope { ORG, TEAM, KEY, USER, MODEL }

    /** The calendar window a limit's counts reset in. */
    public enum Window { MINUTE, HOUR, DAY, MONTH }
}
