package dev.warden.policy;

/** A named custom pattern to mask. */
public record RedactionPattern(String name, String regex) {
}
