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
import java.util.Optional;
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

    /**
     * One guarded item; a null program means the condition is always true. {@code requiredLabels}
     * are label keys the condition reads with {@code request.labels["k"]} in its top-level
     * conjunction: without one of them it cannot be true, so it is not evaluated at all, which
     * spares CEL's costly error path for a missing map key.
     */
    public record Entry<T>(int order, String name, T item, CelRuntime.Program program, List<String> requiredLabels) {
    }

    private final List<Entry<T>> unindexed = new ArrayList<>();
    private final Map<String, Map<String, List<Entry<T>>>> index = new HashMap<>();
    private int count;

    /** Adds an item in order; {@code ast} is its compiled condition, or null for none. */
    public void add(String name, T item, CelAbstractSyntaxTree ast) {
        int order = count++;
        if (ast == null) {
            unindexed.add(new Entry<>(order, name, item, null, List.of()));
            return;
        }
        var labels = new ArrayList<String>();
        requiredLabels(ast.getExpr(), labels);
        var entry = new Entry<>(order, name, item, CelConditions.program(ast), List.copyOf(labels));
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
            var missing = activation.missingLabel(entry.requiredLabels());
            if (missing != null) {
                notes.add("condition of '" + entry.name() + "' did not match: the request has no label '" + missing + "'");
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

    /** Label keys read as {@code request.labels["k"]} anywhere inside the top-level conjuncts' comparisons. */
    private static void requiredLabels(CelExpr expr, List<String> into) {
        if (expr.getKind() != CelExpr.ExprKind.Kind.CALL) {
            return;
        }
        var call = expr.call();
        if (call.function().equals("_&&_")) {
            call.args().forEach(argument -> requiredLabels(argument, into));
            return;
        }
        if (call.function().equals("_==_") || call.function().equals("_!=_") || call.function().startsWith("_<")
                || call.function().startsWith("_>")) {
            call.args().forEach(argument -> labelRead(argument).ifPresent(into::add));
        }
    }

    private static Optional<String> labelRead(CelExpr expr) {
        if (expr.getKind() == CelExpr.ExprKind.Kind.CALL && expr.call().function().equals("_[_]") && expr.call().args().size() == 2) {
            var map = expr.call().args().get(0);
            var key = expr.call().args().get(1);
            if (map.getKind() == CelExpr.ExprKind.Kind.IDENT && map.ident().name().equals("request.labels")
                    && key.getKind() == CelExpr.ExprKind.Kind.CONSTANT && key.constant().getKind() == CelConstant.Kind.STRING_VALUE) {
                return Optional.of(key.constant().stringValue());
            }
        }
        return Optional.empty();
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
