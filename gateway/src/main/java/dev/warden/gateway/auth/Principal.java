package dev.warden.gateway.auth;

import java.util.UUID;

/**
 * Who is calling: the API key's id and the team, user and name it was issued for. Never holds
 * the key itself.
 */
public record Principal(UUID keyId, String team, String user, String keyName) {
}
