package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyConditionsTests {

    @Test
    void reportsACelSyntaxErrorAtTheConditionWithItsPositionInTheExpression() {
        var rule = """
                apiVersion: warden/v1
                kind: Rule
                metadata: {name: broken}
                spec:
                  action: deny
                  when: 'principal.team == "a" &&'
                """;

        assertThatThrownBy(() -> PolicyLoader.fromSources(List.of(new PolicySource("r.yaml", rule))))
                .isInstanceOfSatisfying(PolicyException.class, e -> {
                    var problem = e.problems().getFirst();
                    assertThat(problem.line()).isEqualTo(6);
                    assertThat(problem.column()).isEqualTo(9);
                    assertThat(problem.message()).contains("CEL error at 1:", "of the expression");
                });
    }

    @Test
    void reportsAnUnknownVariableListingTheKnownOnes() {
        var rule = "apiVersion: warden/v1\nkind: Rule\nmetadata: {name: typo}\nspec: {action: deny, when: 'principal.tema == \"a\"'}\n";

        assertThatThrownBy(() -> PolicyLoader.fromSources(List.of(new PolicySource("r.yaml", rule))))
                .hasMessageContaining("undeclared reference")
                .hasMessageContaining("principal.team");
    }

    @Test
    void reportsAConditionOfTheWrongType() {
        var rule = "apiVersion: warden/v1\nkind: Rule\nmetadata: {name: typed}\nspec: {action: deny, when: 'time.hour + 1'}\n";

        assertThatThrownBy(() -> PolicyLoader.fromSources(List.of(new PolicySource("r.yaml", rule))))
                .hasMessageContaining("CEL error");
    }

    @Test
    void refusesActionFieldsThatBelongToAnotherAction() {
        var rule = """
                apiVersion: warden/v1
                kind: Rule
                metadata: {name: mixed}
                spec: {action: deny, instruction: be nice, route: {to: nowhere}}
                """;

        assertThatThrownBy(() -> PolicyLoader.fromSources(List.of(new PolicySource("r.yaml", rule))))
                .hasMessageContaining("'instruction' belongs to action coach, not deny")
                .hasMessageContaining("'route' belongs to action route, not deny");
    }

    @Test
    void refusesARouteRuleToAnUnknownRouteAndABadRedactionRegex() {
        var rules = """
                apiVersion: warden/v1
                kind: Rule
                metadata: {name: go}
                spec: {action: route, route: {to: nowhere}}
                ---
                apiVersion: warden/v1
                kind: Rule
                metadata: {name: mask}
                spec: {action: redact, redact: {builtins: [phone], patterns: [{name: id, regex: 'EMP-(['}]}}
                """;

        assertThatThrownBy(() -> PolicyLoader.fromSources(List.of(new PolicySource("r.yaml", rules))))
                .hasMessageContaining("unknown route 'nowhere'")
                .hasMessageContaining("unknown builtin 'phone'")
                .hasMessageContaining("the regex does not compile");
    }
}
