package dev.warden.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of redacting one text: the masked text and how many matches of each kind were masked.
 *
 * @param text   the text with every match replaced by {@code [REDACTED:<name>]}; the very text given
 *               when nothing matched
 * @param counts matches masked per detector name, in the order the detectors ran; a name appears
 *               only when something was masked under it
 */
public record Redaction(String text, Map<String, Integer> counts) {

    public Redaction {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(counts, "counts");
        // Insertion order is kept so that decision records list what was masked deterministically.
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /** Whether anything was masked. */
    public boolean changed() {
        return counts.values().stream().anyMatch(count -> count > 0);
    }
}
