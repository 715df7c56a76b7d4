package dev.warden.policy.internal;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.warden.policy.Decision;
import dev.warden.policy.LimitSpec;
import dev.warden.policy.PolicyBundle;
import dev.warden.policy.PolicyInput;
import dev.warden.policy.Redactor;
import dev.warden.policy.RuleAction;
import dev.warden.policy.RuleSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The compiled form of a bundle's rules and limits. */
public final class PolicyEvaluator {

    private final PolicyBundle bundle;
    private final IndexedConditions<RuleSpec> rules = new IndexedConditions<>();
    private final IndexedConditions<LimitSpec> limits = new IndexedConditions<>();
    private final Set<String> referenced = new HashSet<>();
    private final Map<String, Redactor> redactors = new HashMap<>();

    public PolicyEvaluator(PolicyBundle bundle, CelConditions conditions) {
        this.bundle = bundle;
        bundle.rules().forEach(rule -> rules.add(rule.name(), rule, compiled(conditions, rule.when())));
        bundle.limits().forEach(limit -> limits.add(limit.name(), limit, compiled(conditions, limit.match())));
        for (var rule : bundle.rules()) {
            if (rule.action() instanceof RuleAction.Redact redact) {
                redactors.put(rule.name(), Redactor.of(redact.builtins(), redact.patterns()));
            }
        }
    }

    public Decision evaluate(PolicyInput input, Activation activation) {
        var notes = new ArrayList<String>(0);
        var matchedRules = rules.matching(activation, notes);
        var matchedLimits = limits.matching(activation, notes).stream().map(IndexedConditions.Entry::item).toList();
        return new RuleEvaluation(bundle, redactors, input, notes).decide(matchedRules, matchedLimits);
    }

    public Set<String> referencedVariables() {
        return Set.copyOf(referenced);
    }

    private CelAbstractSyntaxTree compiled(CelConditions conditions, Optional<String> expression) {
        if (expression.isEmpty()) {
            return null;
        }
        var result = conditions.compile(expression.get());
        if (result.ast() == null) {
            throw new IllegalArgumentException("condition does not compile: " + result.error());
        }
        collectIdentifiers(result.ast().getExpr(), referenced);
        return result.ast();
    }

    private static void collectIdentifiers(CelExpr expr, Set<String> into) {
        switch (expr.getKind()) {
            case IDENT -> into.add(expr.ident().name());
            case SELECT -> collectIdentifiers(expr.select().operand(), into);
            case CALL -> {
                expr.call().target().ifPresent(target -> collectIdentifiers(target, into));
                expr.call().args().forEach(argument -> collectIdentifiers(argument, into));
            }
            case LIST -> expr.list().elements().forEach(element -> collectIdentifiers(element, into));
            case MAP -> expr.map().entries().forEach(entry -> {
                collectIdentifiers(entry.key(), into);
                collectIdentifiers(entry.value(), into);
            });
            case COMPREHENSION -> {
                var comprehension = expr.comprehension();
                collectIdentifiers(comprehension.iterRange(), into);
                collectIdentifiers(comprehension.loopStep(), into);
                collectIdentifiers(comprehension.loopCondition(), into);
                collectIdentifiers(comprehension.result(), into);
            }
            default -> { }
        }
    }
}
