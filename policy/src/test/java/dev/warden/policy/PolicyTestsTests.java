package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyTestsTests {

    private static final String RULES = EngineFixtures.rule("no-interns", "principal.team == \"interns\"", "action: deny")
            + EngineFixtures.rule("students-local", "principal.team == \"students\"", "action: route\nroute: {to: local-chat}");

    @Test
    void passesCasesWhoseExpectationsHoldAndExplainsTheOnesThatDoNot() {
        var tests = """
                ---
                apiVersion: warden/v1
                kind: PolicyTest
                metadata: {name: teams}
                spec:
                  cases:
                    - name: interns are denied
                      input: {principal: {team: interns}, request: {model: gpt-4o}}
                      expect: {decision: deny, rule: no-interns}
                    - name: students go local
                      input: {principal: {team: students}, request: {model: gpt-4o}}
                      expect: {decision: allow, route: local-chat, matched: [students-local]}
                    - name: a wrong expectation
                      input: {principal: {team: research}, request: {model: gpt-4o}}
                      expect: {decision: deny, route: local-chat}
                """;
        var bundle = PolicyLoader.fromSources(List.of(new PolicySource("a.yaml", EngineFixtures.PROVIDERS),
                new PolicySource("b.yaml", RULES + tests)));

        var results = PolicyTests.run(bundle, ZoneOffset.UTC);

        assertThat(results).extracting(PolicyTests.Result::passed).containsExactly(true, true, false);
        assertThat(results.get(2).failures()).containsExactly("expected decision deny, got allow",
                "expected route 'local-chat', got 'gpt-4o'");
        assertThat(results.get(2).source()).isEqualTo("b.yaml");
    }

    @Test
    void refusesATestCaseWithAnUnknownDecisionOrField() {
        var tests = """
                apiVersion: warden/v1
                kind: PolicyTest
                metadata: {name: broken}
                spec:
                  cases:
                    - name: x
                      input: {principal: {team: a, colour: red}}
                      expect: {decision: maybe}
                """;

        assertThatThrownBy(() -> PolicyLoader.fromSources(List.of(new PolicySource("t.yaml", tests))))
                .hasMessageContaining("t.yaml:7:36: PolicyTest 'broken': unknown field 'cases[0].input.principal.colour'")
                .hasMessageContaining("'decision' must be allow, deny or reject, got 'maybe'");
    }
}
