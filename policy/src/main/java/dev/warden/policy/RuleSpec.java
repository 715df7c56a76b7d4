package dev.warden.policy;

import java.util.Optional;

/**
 * A {@code kind: Rule} document.
 *
 * @param name   the rule's name, recorded on every decision it matches
 * @param when   its CEL condition; empty means always
 * @param action what it does when the condition holds
 * @param mode   enforce, or audit (record only)
 */
public record RuleSpec(String name, Optional<String> when, RuleAction action, RuleMode mode) {
}
