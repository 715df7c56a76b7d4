package dev.warden.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the policy decided for one request: allow it under a plan, deny it (403), or reject it as
 * incomplete (400). Every variant carries the rules that matched and a human-readable explanation.
 */
public sealed interface Decision {

    /** The three outcomes, as written in policy tests. */
    enum Kind { ALLOW, DENY, REJECT }

    Kind kind();

    /** Every rule whose condition held, in evaluation order. */
    List<RuleMatch> matched();

    /** Notes from evaluation, such as a condition that failed to evaluate. */
    List<String> notes();

    /** Why the decision is what it is, for people. */
    default String explanation() {
        var lines = new ArrayList<String>();
        lines.add(summary());
        matched().forEach(match -> lines.add("matched rule " + match));
        lines.addAll(notes());
        return lines.stream().collect(Collectors.joining("\n"));
    }

    String summary();

    /** Serve the request according to the plan. */
    record Allow(Plan plan, List<RuleMatch> matched, List<String> notes) implements Decision {
        public Kind kind() {
            return Kind.ALLOW;
        }

        public String summary() {
            return "allow" + plan.route().map(route -> " via route '" + route + "'").orElse(" (the model has no route)");
        }
    }

    /** Refuse the request (403), naming the rule and the policy's message. */
    record Deny(String rule, String message, List<RuleMatch> matched, List<String> notes) implements Decision {
        public Kind kind() {
            return Kind.DENY;
        }

        public String summary() {
            return "deny by rule '" + rule + "': " + message;
        }
    }

    /** Refuse the request as incomplete (400): required labels or headers are missing. */
    record Reject(String rule, List<String> missing, List<RuleMatch> matched, List<String> notes) implements Decision {
        public Kind kind() {
            return Kind.REJECT;
        }

        public String message() {
            return "Rule '" + rule + "' requires " + String.join(", ", missing) + ".";
        }

        public String summary() {
            return "reject by rule '" + rule + "': missing " + String.join(", ", missing);
        }
    }
}
