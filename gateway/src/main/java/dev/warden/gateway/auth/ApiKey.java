package dev.warden.gateway.auth;

import java.time.Instant;
import java.util.UUID;

/**
 * An issued API key as the control API shows it: never the key itself, only a prefix to
 * recognise it by.
 */
public record ApiKey(UUID id, String prefix, String name, String team, String user, Instant createdAt, Instant revokedAt) {

    Principal principal() {
        return new Principal(id, team, user, name);
    }
}
