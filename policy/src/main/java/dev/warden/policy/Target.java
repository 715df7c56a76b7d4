package dev.warden.policy;

/** One place a route can send a request: a provider and the model name that provider knows. */
public record Target(String provider, String model) {
}
