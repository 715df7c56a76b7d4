package dev.warden.policy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.Decision;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.RuleMode;
import dev.warden.policy.RuleSpec;
import java.time.ZoneOffset;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The benchmark measures a realistic bundle and requests that make the engine do real work. */
class BenchmarkBundleTests {

    private static final PolicyEngine ENGINE = PolicyEngine.compile(BenchmarkBundle.bundle(), ZoneOffset.UTC);

    @Test
    void loadsWith200RulesAnd50LimitsAndARoutePerModel() {
        var bundle = ENGINE.bundle();

        assertThat(bundle.rules()).hasSize(200);
        assertThat(bundle.limits()).hasSize(50);
        assertThat(bundle.routes().keySet()).containsExactlyElementsOf(BenchmarkBundle.models());
    }

    @Test
    void spreadsRulesOverEveryActionWithAFewInAuditMode() {
        var rules = ENGINE.bundle().rules();

        var byAction = rules.stream().collect(Collectors.groupingBy(rule -> rule.action().name(), Collectors.counting()));
        var audited = rules.stream().filter(rule -> rule.mode() == RuleMode.AUDIT).count();
        var scoped = rules.stream().map(RuleSpec::when).filter(when -> when.filter(w -> w.startsWith("principal.team ==")
                || w.startsWith("request.model ==")).isPresent()).count();

        assertThat(byAction).containsOnlyKeys("deny", "route", "redact", "require", "label", "coach", "audit")
                .allSatisfy((action, count) -> assertThat(count).as(action).isGreaterThanOrEqualTo(20));
        assertThat(audited).isEqualTo(10);
        assertThat(scoped).isEqualTo(170);
    }

    @Test
    void theRequestMixIsMostlyAllowedWithSomeDeniedAndSomeRejected() {
        var decisions = BenchmarkRequests.mix(PolicyEvaluationBenchmark.REQUESTS).stream().map(ENGINE::evaluate).toList();

        var byKind = decisions.stream().collect(Collectors.groupingBy(Decision::kind, Collectors.counting()));
        var matchedPerDecision = decisions.stream().mapToInt(decision -> decision.matched().size()).average().orElseThrow();

        assertThat(byKind).containsOnlyKeys(Decision.Kind.values());
        assertThat(byKind.get(Decision.Kind.ALLOW)).isGreaterThan(PolicyEvaluationBenchmark.REQUESTS / 2);
        assertThat(matchedPerDecision).isGreaterThan(3);
    }

    @Test
    void theRequestMixIsTheSameOnEveryCall() {
        var first = BenchmarkRequests.mix(8);

        var second = BenchmarkRequests.mix(8);

        assertThat(second).isEqualTo(first);
    }
}
