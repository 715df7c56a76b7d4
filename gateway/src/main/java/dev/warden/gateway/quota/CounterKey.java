package dev.warden.gateway.quota;

import java.time.Instant;

/** One counter: a limit, the scope it counts for (a team, a key ...), a calendar window and a dimension. */
record CounterKey(String limit, String scopeKey, Instant windowStart, Dimension dimension) {
}
