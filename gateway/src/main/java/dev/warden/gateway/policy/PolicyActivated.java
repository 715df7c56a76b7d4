package dev.warden.gateway.policy;

/** A new policy revision is in force. */
public record PolicyActivated(String revision) {
}
