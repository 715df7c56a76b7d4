package dev.warden.policy;

/** Whether a rule's action takes effect, or is only recorded as what would have happened. */
public enum RuleMode {
    ENFORCE,
    /** A dry run: the decision records the match; nothing is enforced. */
    AUDIT
}
