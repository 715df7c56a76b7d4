package dev.warden.gateway.exchange;

/**
 * One call to one target while serving a request.
 *
 * @param provider  the provider's name
 * @param model     the model asked of it
 * @param status    the upstream HTTP status, or 0 when no response arrived
 * @param error     why the attempt failed, or null
 * @param latencyMs time until the upstream answered or failed
 */
public record Attempt(String provider, String model, int status, String error, double latencyMs) {
}
