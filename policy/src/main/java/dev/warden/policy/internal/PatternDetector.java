package dev.warden.policy.internal;

import java.util.List;
import java.util.regex.Pattern;

/** Masks every non-empty match of a regular expression. */
final class PatternDetector extends Detector {

    private final Pattern pattern;

    PatternDetector(String name, Pattern pattern) {
        super(name);
        this.pattern = pattern;
    }

    @Override
    void find(String text, int from, int to, List<Span> found) {
        // Anchoring bounds off: ^ and $ keep meaning the ends of the text, not of the region.
        var matcher = pattern.matcher(text).region(from, to).useAnchoringBounds(false);
        while (matcher.find()) {
            // An empty match has nothing to mask; replacing it would insert a mask instead.
            if (matcher.end() > matcher.start()) {
                found.add(new Span(matcher.start(), matcher.end(), this));
            }
        }
    }
}
