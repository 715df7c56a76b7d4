package dev.warden.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a request is for, as {@code request.intent} in conditions: the last user message, classified. */
public enum Intent {
    CREATE, EXPLAIN, REVIEW, ANALYSE, TRANSLATE, OTHER;

    /** The name used in policy files and decision records. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Intent> fromWireName(String name) {
        return Arrays.stream(values()).filter(intent -> intent.wireName().equals(name)).findFirst();
    }
}
