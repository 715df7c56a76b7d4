package dev.warden.policy.internal;

import dev.warden.policy.Decision;
import dev.warden.policy.LimitSpec;
import dev.warden.policy.Locality;
import dev.warden.policy.Plan;
import dev.warden.policy.PolicyBundle;
import dev.warden.policy.PolicyInput;
import dev.warden.policy.Redactor;
import dev.warden.policy.RuleAction;
import dev.warden.policy.RuleMatch;
import dev.warden.policy.RuleMode;
import dev.warden.policy.RuleSpec;
import dev.warden.policy.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One evaluation: walks the matching rules in order and folds their actions into a decision. The
 * first enforced deny or unmet requirement decides; the first enforced route chooses the route;
 * labels, instructions, redactions and audit flags accumulate. Audit-mode rules are recorded and
 * change nothing.
 */
final class RuleEvaluation {

    private final PolicyBundle bundle;
    private final PolicyInput input;
    private final List<RuleMatch> matches = new ArrayList<>();
    private final List<String> notes;
    private final Map<String, String> labels;
    private final List<String> instructions = new ArrayList<>(1);
    private final Map<String, Redactor> redactors;
    private Redactor redactor;
    private int recordBodies;
    private final Set<String> flags = new LinkedHashSet<>();
    private Decision refusal;
    private RuleSpec routeRule;

    RuleEvaluation(PolicyBundle bundle, Map<String, Redactor> redactors, PolicyInput input, List<String> notes) {
        this.bundle = bundle;
        this.redactors = redactors;
        this.input = input;
        this.notes = notes;
        this.labels = new LinkedHashMap<>(input.request().labels());
    }

    Decision decide(List<IndexedConditions.Entry<RuleSpec>> matchedRules, List<LimitSpec> limits) {
        for (var entry : matchedRules) {
            apply(entry.item());
        }
        if (refusal != null) {
            return refusal;
        }
        return plan(limits);
    }

    private void apply(RuleSpec rule) {
        boolean enforce = rule.mode() == RuleMode.ENFORCE;
        boolean enforced = enforce && refusal == null && switch (rule.action()) {
            case RuleAction.Deny deny -> {
                refusal = new Decision.Deny(rule.name(), deny.message(), matches, notes);
                yield true;
            }
            case RuleAction.Require require -> require(rule, require);
            case RuleAction.RouteTo route -> {
                boolean first = routeRule == null;
                routeRule = first ? rule : routeRule;
                yield first;
            }
            case RuleAction.Redact redact -> {
                var compiled = redactors.get(rule.name());
                redactor = redactor == null ? compiled : redactor.and(compiled);
                yield true;
            }
            case RuleAction.Label label -> {
                labels.putAll(label.labels());
                yield true;
            }
            case RuleAction.Coach coach -> instructions.add(coach.instruction());
            case RuleAction.Audit audit -> {
                flags.addAll(audit.flags());
                yield true;
            }
            case RuleAction.Record record -> {
                boolean first = recordBodies == 0;
                recordBodies = first ? record.maxBytes() : recordBodies;
                yield first;
            }
        };
        matches.add(new RuleMatch(rule.name(), rule.action().name(), rule.mode(), enforced));
    }

    private boolean require(RuleSpec rule, RuleAction.Require require) {
        var missing = new ArrayList<String>();
        require.labels().stream().filter(label -> !input.request().labels().containsKey(label))
                .forEach(label -> missing.add("label '" + label + "'"));
        require.headers().stream().filter(header -> !input.headers().containsKey(header))
                .forEach(header -> missing.add("header '" + header + "'"));
        if (!missing.isEmpty()) {
            refusal = new Decision.Reject(rule.name(), missing, matches, notes);
        }
        return true;
    }

    private Decision plan(List<LimitSpec> limits) {
        var route = bundle.route(input.request().model());
        List<Target> targets = route.map(r -> r.targets()).orElse(List.of());
        if (routeRule != null) {
            var action = (RuleAction.RouteTo) routeRule.action();
            if (action.route().isPresent()) {
                route = bundle.route(action.route().get());
                targets = route.orElseThrow().targets();
            } else {
                targets = ofLocality(targets, action.locality().orElseThrow());
                if (targets.isEmpty()) {
                    return new Decision.Deny(routeRule.name(), "No " + action.locality().get().name().toLowerCase(Locale.ROOT)
                            + " target serves model '" + input.request().model() + "'.", matches, notes);
                }
            }
        }
        return new Decision.Allow(new Plan(route.map(r -> r.name()), targets, labels, instructions, redactor, flags, limits, recordBodies),
                matches, notes);
    }

    private List<Target> ofLocality(List<Target> targets, Locality locality) {
        return targets.stream().filter(target -> bundle.provider(target.provider()).locality() == locality).toList();
    }
}
