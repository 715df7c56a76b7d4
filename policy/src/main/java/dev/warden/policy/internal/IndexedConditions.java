package dev.warden.policy.internal;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Items guarded by CEL conditions, indexed so that evaluation only runs the conditions that can
 * hold. A condition whose top level is a conjunction containing {@code principal.team == "x"}
 * (or another indexed variable compared to a string) is only a candidate for requests whose
 * variable has that value; the full condition still decides. This keeps evaluation cost near
 * constant as a bundle grows to hundreds of team- and model-specific rules, as OPA's rule
 * indexing does.
 */
public final class IndexedConditions<T> {

    private static final Set<String> INDEXED = Set.of("principal.team", "principal.user", "principal.key", "principal.org",
            "request.model", "request.endpoint", "request.repo", "request.intent");

    /** One guarded item; a null program means the condition is always true. */
    public record Entry<T>(int order, String name, T item, CelRuntime.Program program) {
    }

    private final List<Entry<T>> unindexed = new ArrayList<>();
    private final Map<String, Map<String, List<Entry<T>>>> index = new HashMap<>();
    private int count;

    /** Adds an item in order; {@code ast} is its compiled condition, or null for none. */
    public void add(String name, T item, CelAbstractSyntaxTree ast) {
        int order = count++;
        if (ast == null) {
            unindexed.add(new Entry<>(order, name, item, null));
            return;
        }
        var entry = new Entry<>(order, name, item, CelConditions.program(ast));
        var key = indexKey(ast.getExpr());
        if (key == null) {
            unindexed.add(entry);
        } else {
            index.computeIfAbsent(key[0], k -> new HashMap<>()).computeIfAbsent(key[1], k -> new ArrayList<>()).add(entry);
        }
    }

    /** The items whose conditions hold, in the order they were added; failures are described in {@code notes}. */
    public List<Entry<T>> matching(Activation activation, List<String> notes) {
        var candidates = candidates(activation);
        var matched = new ArrayList<Entry<T>>(candidates.size());
        for (var entry : candidates) {
            if (entry.program() == null) {
                matched.add(entry);
                continue;
            }
            try {
                if (Boolean.TRUE.equals(entry.program().eval(activation))) {
                    matched.add(entry);
                }
            } catch (CelEvaluationException e) {
                notes.add("condition of '" + entry.name() + "' could not be evaluated, so it did not match: " + e.getMessage());
            }
        }
        return matched;
    }

    private List<Entry<T>> candidates(Activation activation) {
        List<Entry<T>> result = unindexed;
        boolean copied = false;
        for (var byVariable : index.entrySet()) {
            var value = activation.string(byVariable.getKey());
            var entries = value == null ? null : byVariable.getValue().get(value);
            if (entries == null) {
                continue;
            }
            if (!copied) {
                result = new ArrayList<>(unindexed);
                copied = true;
            }
            result.addAll(entries);
        }
        if (copied) {
            result.sort(Comparator.comparingInt(Entry::order));
        }
        return result;
    }

    /** The first {@code variable == "constant"} among the top-level conjuncts, as {variable, constant}. */
    private static String[] indexKey(CelExpr expr) {
        if (expr.getKind() != CelExpr.ExprKind.Kind.CALL) {
            return null;
        }
        var call = expr.call();
        if (call.function().equals("_&&_")) {
            for (var argument : call.args()) {
                var key = indexKey(argument);
                if (key != null) {
                    return key;
                }
            }
            return null;
        }
        if (!call.function().equals("_==_") || call.args().size() != 2) {
            return null;
        }
        var key = equality(call.args().get(0), call.args().get(1));
        return key != null ? key : equality(call.args().get(1), call.args().get(0));
    }

    private static String[] equality(CelExpr variable, CelExpr constant) {
        if (variable.getKind() == CelExpr.ExprKind.Kind.IDENT && INDEXED.contains(variable.ident().name())
                && constant.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && constant.constant().getKind() == CelConstant.Kind.STRING_VALUE) {
            return new String[] {variable.ident().name(), constant.constant().stringValue()};
        }
        return null;
    }
}
