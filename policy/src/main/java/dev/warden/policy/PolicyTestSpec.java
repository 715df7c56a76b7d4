package dev.warden.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@code kind: PolicyTest} document: requests and the decisions the bundle must make for them. */
public record PolicyTestSpec(String name, String source, List<Case> cases) {

    public PolicyTestSpec {
        cases = List.copyOf(cases);
    }

    /** One request and what is expected of it. */
    public record Case(String name, PolicyInput input, Expectation expect) {
    }

    /**
     * The expected decision: its kind, and optionally the deciding rule, the route, exactly which
     * rules matched, and labels the decision must carry.
     */
    public record Expectation(Decision.Kind decision, Optional<String> rule, Optional<String> route,
                              Optional<List<String>> matched, Map<String, String> labels) {
    }
}
