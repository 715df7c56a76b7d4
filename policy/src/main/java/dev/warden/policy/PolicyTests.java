package dev.warden.policy;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Runs a bundle's {@code PolicyTest} cases against the bundle itself. */
public final class PolicyTests {

    private PolicyTests() {
    }

    /** One case's outcome: what went wrong, if anything, and what was decided. */
    public record Result(String test, String source, String caseName, List<String> failures, Decision actual) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    public static List<Result> run(PolicyBundle bundle, ZoneId zone) {
        var engine = PolicyEngine.compile(bundle, zone);
        var results = new ArrayList<Result>();
        for (var test : bundle.tests()) {
            for (var testCase : test.cases()) {
                var actual = engine.evaluate(testCase.input());
                results.add(new Result(test.name(), test.source(), testCase.name(), compare(testCase.expect(), actual), actual));
            }
        }
        return results;
    }

    private static List<String> compare(PolicyTestSpec.Expectation expect, Decision actual) {
        var failures = new ArrayList<String>();
        if (expect.decision() != actual.kind()) {
            failures.add("expected decision " + name(expect.decision()) + ", got " + name(actual.kind()));
        }
        expect.rule().ifPresent(rule -> {
            var deciding = decidingRule(actual);
            if (!deciding.equals(Optional.of(rule))) {
                failures.add("expected rule '" + rule + "' to decide, got " + deciding.map(r -> "'" + r + "'").orElse("none"));
            }
        });
        if (actual instanceof Decision.Allow allow) {
            expect.route().filter(route -> !allow.plan().route().equals(Optional.of(route))).ifPresent(route ->
                    failures.add("expected route '" + route + "', got " + allow.plan().route().map(r -> "'" + r + "'").orElse("none")));
            expect.labels().forEach((key, value) -> {
                if (!value.equals(allow.plan().labels().get(key))) {
                    failures.add("expected label " + key + "=" + value + ", got " + allow.plan().labels().get(key));
                }
            });
        } else if (expect.route().isPresent() || !expect.labels().isEmpty()) {
            failures.add("expected a route or labels, but the request was not allowed");
        }
        expect.matched().ifPresent(expected -> {
            var matched = actual.matched().stream().map(RuleMatch::rule).toList();
            if (!new HashSet<>(expected).equals(new HashSet<>(matched))) {
                failures.add("expected matched rules " + expected + ", got " + matched);
            }
        });
        return List.copyOf(failures);
    }

    private static Optional<String> decidingRule(Decision decision) {
        return switch (decision) {
            case Decision.Deny deny -> Optional.of(deny.rule());
            case Decision.Reject reject -> Optional.of(reject.rule());
            case Decision.Allow allow -> Optional.empty();
        };
    }

    private static String name(Decision.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
