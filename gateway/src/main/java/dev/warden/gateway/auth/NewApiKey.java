package dev.warden.gateway.auth;

/** A key just created: the only moment its plaintext exists outside the caller's hands. */
public record NewApiKey(String key, ApiKey details) {
}
