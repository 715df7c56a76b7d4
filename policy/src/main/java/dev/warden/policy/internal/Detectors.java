package dev.warden.policy.internal;

import dev.warden.policy.RedactionPattern;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Builds the detectors a redaction asks for, rejecting the whole request if any part is wrong. */
public final class Detectors {

    private Detectors() {
    }

    /**
     * The named built-ins in their fixed order, then one detector per pattern in list order.
     *
     * @throws IllegalArgumentException naming every problem found
     */
    public static List<Detector> assemble(Collection<String> builtins, List<RedactionPattern> patterns) {
        var problems = new ArrayList<String>();
        var detectors = new ArrayList<Detector>(builtins(new LinkedHashSet<>(builtins), problems));
        for (int i = 0; i < patterns.size(); i++) {
            var detector = custom(i + 1, patterns.get(i), problems);
            if (detector != null) {
                detectors.add(detector);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return detectors;
    }

    private static List<Detector> builtins(Collection<String> asked, List<String> problems) {
        for (var name : asked) {
            if (!BuiltinDetectors.IN_ORDER.containsKey(name)) {
                problems.add("unknown builtin '" + name + "': expected one of "
                        + String.join(", ", new TreeSet<>(BuiltinDetectors.IN_ORDER.keySet())));
            }
        }
        return BuiltinDetectors.IN_ORDER.entrySet().stream()
                .filter(builtin -> asked.contains(builtin.getKey()))
                .map(Map.Entry::getValue)
                .toList();
    }

    /** The pattern's detector, or null after adding to problems why there can be none. */
    private static Detector custom(int position, RedactionPattern pattern, List<String> problems) {
        var name = pattern.name();
        var regex = pattern.regex();
        if (name == null || name.isBlank()) {
            problems.add("pattern " + position + " has a blank name");
            return null;
        }
        if (regex == null || regex.isEmpty()) {
            problems.add("pattern '" + name + "' has an empty regex");
            return null;
        }
        try {
            return new PatternDetector(name, Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            problems.add("pattern '" + name + "' has a regex that does not compile: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "") + " in '" + regex + "'");
            return null;
        }
    }
}
