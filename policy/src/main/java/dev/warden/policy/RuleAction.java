package dev.warden.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a rule does when its condition holds. */
public sealed interface RuleAction {

    /** The action's name as written in policy files. */
    String name();

    /** Refuse the request with 403 and the policy's message. */
    record Deny(String message) implements RuleAction {
        public String name() {
            return "deny";
        }
    }

    /** Send the request to a named route, or keep only the route's targets of one locality. */
    record RouteTo(Optional<String> route, Optional<Locality> locality) implements RuleAction {
        public String name() {
            return "route";
        }
    }

    /** Mask request content before it leaves. */
    record Redact(List<String> builtins, List<RedactionPattern> patterns) implements RuleAction {
        public Redact {
            builtins = List.copyOf(builtins);
            patterns = List.copyOf(patterns);
        }

        public String name() {
            return "redact";
        }
    }

    /** Refuse with 400 unless the request carries these labels and headers. */
    record Require(List<String> labels, List<String> headers) implements RuleAction {
        public Require {
            labels = List.copyOf(labels);
            headers = List.copyOf(headers);
        }

        public String name() {
            return "require";
        }
    }

    /** Add labels to the decision record. */
    record Label(Map<String, String> labels) implements RuleAction {
        public Label {
            labels = Map.copyOf(labels);
        }

        public String name() {
            return "label";
        }
    }

    /** Add a system instruction to the request: coaching mode. */
    record Coach(String instruction) implements RuleAction {
        public String name() {
            return "coach";
        }
    }

    /** Keep the request's and response's bodies on the decision record, masked, up to a size. */
    record Record(int maxBytes) implements RuleAction {
        public String name() {
            return "record";
        }
    }

    /** Add audit flags to the decision record. */
    record Audit(List<String> flags) implements RuleAction {
        public Audit {
            flags = List.copyOf(flags);
        }

        public String name() {
            return "audit";
        }
    }
}
