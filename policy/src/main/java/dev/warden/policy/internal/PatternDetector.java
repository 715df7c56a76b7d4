package dev.warden.policy.internal;

import java.util.List;
import java.util.regex.Pattern;

/** Masks every non-empty match of a regular expression. */
final class PatternDetector extends Detector {

    /** A cheap, exact test that a region cannot hold a match, so that the expression need not run over it. */
    interface Prefilter {
        boolean mayMatch(String text, int from, int to);
    }

    private final Pattern pattern;
    private final Prefilter prefilter;

    PatternDetector(String name, Pattern pattern) {
        this(name, pattern, (text, from, to) -> true);
    }

    PatternDetector(String name, Pattern pattern, Prefilter prefilter) {
        super(name);
        this.pattern = pattern;
        this.prefilter = prefilter;
    }

    @Override
    void find(String text, int from, int to, List<Span> found) {
        if (!prefilter.mayMatch(text, from, to)) {
            return;
        }
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
