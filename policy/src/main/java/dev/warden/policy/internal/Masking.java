package dev.warden.policy.internal;

import dev.warden.policy.Redaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Applies detectors to a text, each in turn, then writes the text once with every span masked.
 *
 * <p>A detector only searches the gaps between the spans earlier detectors claimed. So a later
 * detector never matches inside or across an earlier mask, and no mask is ever masked again: a
 * custom {@code [A-Z]{8}} cannot turn {@code [REDACTED:email]} into nonsense.
 */
public final class Masking {

    private Masking() {
    }

    /** The text with everything the detectors find masked, and how much each masked. */
    public static Redaction mask(String text, List<Detector> detectors) {
        List<Span> claimed = List.of();
        var counts = new LinkedHashMap<String, Integer>();
        for (var detector : detectors) {
            var found = findInGaps(text, detector, claimed);
            if (!found.isEmpty()) {
                counts.merge(detector.name(), found.size(), Integer::sum);
                claimed = merge(claimed, found);
            }
        }
        return new Redaction(claimed.isEmpty() ? text : write(text, claimed), counts);
    }

    private static List<Span> findInGaps(String text, Detector detector, List<Span> claimed) {
        var found = new ArrayList<Span>();
        int from = 0;
        for (var span : claimed) {
            if (from < span.start()) {
                detector.find(text, from, span.start(), found);
            }
            from = span.end();
        }
        if (from < text.length()) {
            detector.find(text, from, text.length(), found);
        }
        return found;
    }

    /** Merges two lists of disjoint spans, each in order, into one in order. */
    private static List<Span> merge(List<Span> first, List<Span> second) {
        var merged = new ArrayList<Span>(first.size() + second.size());
        int i = 0;
        int j = 0;
        while (i < first.size() || j < second.size()) {
            boolean takeFirst = j == second.size()
                    || (i < first.size() && first.get(i).start() < second.get(j).start());
            merged.add(takeFirst ? first.get(i++) : second.get(j++));
        }
        return merged;
    }

    private static String write(String text, List<Span> spans) {
        var masked = new StringBuilder(text.length());
        int from = 0;
        for (var span : spans) {
            masked.append(text, from, span.start()).append(span.detector().mask());
            from = span.end();
        }
        return masked.append(text, from, text.length()).toString();
    }
}
