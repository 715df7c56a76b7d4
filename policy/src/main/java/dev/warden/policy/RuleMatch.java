package dev.warden.policy;

import java.util.Locale;

/**
 * A rule whose condition held for a request.
 *
 * @param enforced false when the rule is in audit mode, or when an earlier rule already decided
 *                 what this one would have (a second route, say)
 */
public record RuleMatch(String rule, String action, RuleMode mode, boolean enforced) {

    @Override
    public String toString() {
        return "'" + rule + "' (" + action + ", " + mode.name().toLowerCase(Locale.ROOT) + (enforced ? "" : ", not enforced") + ")";
    }
}
