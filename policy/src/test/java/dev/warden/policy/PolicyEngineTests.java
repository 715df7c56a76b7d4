package dev.warden.policy;

import static dev.warden.policy.EngineFixtures.engine;
import static dev.warden.policy.EngineFixtures.request;
import static dev.warden.policy.EngineFixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyEngineTests {

    @Test
    void allowsUnderTheRequestedModelsRouteWhenNoRuleMatches() {
        var decision = engine(rule("never", "principal.team == \"nobody\"", "action: deny")).evaluate(request("research", "gpt-4o", Map.of()));

        assertThat(decision).isInstanceOfSatisfying(Decision.Allow.class, allow -> {
            assertThat(allow.plan().route()).contains("gpt-4o");
            assertThat(allow.plan().targets()).extracting(Target::provider).containsExactly("openai", "local");
            assertThat(allow.matched()).isEmpty();
        });
    }

    @Test
    void saysWhetherAnyRuleRequiresAHeaderSoThatOnlyThenHeadersAreCollected() {
        var requiresHeader = engine(rule("purpose", "true", "action: require\nrequire: {headers: [x-purpose]}"));
        var requiresLabel = engine(rule("project", "true", "action: require\nrequire: {labels: [project]}"));

        assertThat(requiresHeader.readsHeaders()).isTrue();
        assertThat(requiresLabel.readsHeaders()).isFalse();
        assertThat(requiresHeader.evaluate(request("research", "gpt-4o", Map.of(), Map.of("x-purpose", "review"), Instant.now())).kind())
                .isEqualTo(Decision.Kind.ALLOW);
    }

    @Test
    void readsTheTimeInThePolicysZoneOnlyWhereAConditionAsksForIt() {
        var engine = engine(rule("nights", "time.hour >= 22 && time.weekday == \"saturday\"", "action: deny"));
        var saturdayNightUtc = Instant.parse("2026-11-28T23:30:00Z");

        assertThat(engine.evaluate(request("research", "gpt-4o", Map.of(), Map.of(), saturdayNightUtc)).kind()).isEqualTo(Decision.Kind.DENY);
        assertThat(engine.evaluate(request("research", "gpt-4o", Map.of(), Map.of(), saturdayNightUtc.minusSeconds(3600 * 3))).kind())
                .isEqualTo(Decision.Kind.ALLOW);
    }

    @Test
    void deniesNamingTheRuleAndItsMessage() {
        var engine = engine(rule("no-interns", "principal.team == \"interns\"", "action: deny\nmessage: Interns use the sandbox."));

        var decision = engine.evaluate(request("interns", "gpt-4o", Map.of()));

        assertThat(decision).isEqualTo(new Decision.Deny("no-interns", "Interns use the sandbox.",
                List.of(new RuleMatch("no-interns", "deny", RuleMode.ENFORCE, true)), List.of()));
        assertThat(decision.explanation()).contains("deny by rule 'no-interns'", "matched rule 'no-interns' (deny, enforce)");
    }

    @Test
    void recordsButDoesNotEnforceARuleInAuditMode() {
        var engine = engine(rule("would-deny", "true", "action: deny\nmode: audit"));

        var decision = engine.evaluate(request("research", "gpt-4o", Map.of()));

        assertThat(decision.kind()).isEqualTo(Decision.Kind.ALLOW);
        assertThat(decision.matched()).containsExactly(new RuleMatch("would-deny", "deny", RuleMode.AUDIT, false));
    }

    @Test
    void routesToANamedRouteOrKeepsOnlyTargetsOfALocality() {
        var engine = engine(rule("confidential-local", "request.labels[\"data\"] == \"confidential\"", "action: route\nroute: {locality: local}")
                + rule("cheap", "principal.team == \"students\"", "action: route\nroute: {to: local-chat}"));

        var confidential = (Decision.Allow) engine.evaluate(request("research", "gpt-4o", Map.of("data", "confidential")));
        var student = (Decision.Allow) engine.evaluate(request("students", "gpt-4o", Map.of()));
        var nowhere = engine.evaluate(request("research", "frontier-only", Map.of("data", "confidential")));

        assertThat(confidential.plan().targets()).containsExactly(new Target("local", "llama3.2"));
        assertThat(student.plan().route()).contains("local-chat");
        assertThat(nowhere).isInstanceOfSatisfying(Decision.Deny.class, deny -> {
            assertThat(deny.rule()).isEqualTo("confidential-local");
            assertThat(deny.message()).contains("No local target serves model 'frontier-only'");
        });
    }

    @Test
    void rejectsNamingEveryMissingLabelAndHeader() {
        var engine = engine(rule("need-project", "true", "action: require\nrequire: {labels: [project, ticket], headers: [X-Purpose]}"));

        var missing = engine.evaluate(request("research", "gpt-4o", Map.of("project", "p1")));
        var complete = engine.evaluate(request("research", "gpt-4o", Map.of("project", "p1", "ticket", "T-1"),
                Map.of("x-purpose", "review"), Instant.parse("2026-01-05T12:00:00Z")));

        assertThat(missing).isInstanceOfSatisfying(Decision.Reject.class, reject -> {
            assertThat(reject.missing()).containsExactly("label 'ticket'", "header 'x-purpose'");
            assertThat(reject.message()).isEqualTo("Rule 'need-project' requires label 'ticket', header 'x-purpose'.");
        });
        assertThat(complete.kind()).isEqualTo(Decision.Kind.ALLOW);
    }

    @Test
    void accumulatesLabelsInstructionsRedactionsAndAuditFlags() {
        var engine = engine(rule("cost-centre", "principal.team == \"research\"", "action: label\nlabels: {cost-centre: r-42}")
                + rule("coach-juniors", "true", "action: coach\ninstruction: Explain; do not write it all.")
                + rule("mask", "true", "action: redact\nredact: {builtins: [email]}")
                + rule("check-facts", "request.model == \"gpt-4o\"", "action: audit\nflags: [factual-check]"));

        var plan = ((Decision.Allow) engine.evaluate(request("research", "gpt-4o", Map.of("client", "cli")))).plan();

        assertThat(plan.labels()).containsEntry("cost-centre", "r-42").containsEntry("client", "cli");
        assertThat(plan.instructions()).containsExactly("Explain; do not write it all.");
        assertThat(plan.redactor().redact("mail ada@example.com").text()).isEqualTo("mail [REDACTED:email]");
        assertThat(plan.auditFlags()).containsExactly("factual-check");
    }

    @Test
    void keepsBodiesOnlyWhereARecordRuleSaysSoAndRefusesAnExcessiveSize() {
        var engine = engine(rule("keep-research", "principal.team == \"research\"", "action: record\nrecord: {maxBytes: 2048}"));

        var research = (Decision.Allow) engine.evaluate(request("research", "gpt-4o", Map.of()));
        var sales = (Decision.Allow) engine.evaluate(request("sales", "gpt-4o", Map.of()));

        assertThat(research.plan().recordBodies()).isEqualTo(2048);
        assertThat(sales.plan().recordBodies()).isZero();
        assertThatThrownBy(() -> engine(rule("huge", "true", "action: record\nrecord: {maxBytes: 99999999}")))
                .hasMessageContaining("'record.maxBytes' is at most");
    }

    @Test
    void aConditionReadingAMissingLabelDoesNotMatchAndIsExplainedWithoutEvaluatingIt() {
        var engine = engine(rule("strict", "request.labels[\"data\"] == \"secret\"", "action: deny"));

        var decision = engine.evaluate(request("research", "gpt-4o", Map.of()));

        assertThat(decision.kind()).isEqualTo(Decision.Kind.ALLOW);
        assertThat(decision.notes()).singleElement().asString().contains("'strict' did not match", "no label 'data'");
    }

    @Test
    void aConditionThatFailsAtRunTimeDoesNotMatchAndIsExplained() {
        var engine = engine(rule("strict", "request.labels[\"data\"] == \"secret\" || principal.team == \"nobody\"", "action: deny"));

        var decision = engine.evaluate(request("research", "gpt-4o", Map.of()));

        assertThat(decision.kind()).isEqualTo(Decision.Kind.ALLOW);
        assertThat(decision.notes()).singleElement().asString().contains("'strict' could not be evaluated");
    }

    @Test
    void aMissingLabelUnderAnOrStillLetsTheOtherSideMatch() {
        var engine = engine(rule("either", "request.labels[\"data\"] == \"secret\" || principal.team == \"research\"", "action: deny"));

        assertThat(engine.evaluate(request("research", "gpt-4o", Map.of())).kind()).isEqualTo(Decision.Kind.DENY);
    }

    @Test
    void seesTimeInTheConfiguredZone() {
        var bundle = PolicyLoader.fromSources(List.of(new PolicySource("a.yaml", EngineFixtures.PROVIDERS),
                new PolicySource("b.yaml", rule("after-hours", "time.hour >= 18 && time.weekday == \"monday\"", "action: deny"))));
        var at1630Utc = request("research", "gpt-4o", Map.of(), Map.of(), Instant.parse("2026-01-05T16:30:00Z"));

        var utc = PolicyEngine.compile(bundle, ZoneOffset.UTC).evaluate(at1630Utc);
        var helsinki = PolicyEngine.compile(bundle, ZoneId.of("Europe/Helsinki")).evaluate(at1630Utc);

        assertThat(utc.kind()).isEqualTo(Decision.Kind.ALLOW);
        assertThat(helsinki.kind()).isEqualTo(Decision.Kind.DENY);
    }

    @Test
    void keepsRuleOrderAcrossIndexedAndUnindexedRules() {
        var engine = engine(rule("first", "true", "action: label\nlabels: {order: first}")
                + rule("second", "principal.team == \"research\" && request.stream == false", "action: label\nlabels: {order: second}")
                + rule("third", "request.model == \"gpt-4o\"", "action: label\nlabels: {order: third}")
                + rule("other-team", "principal.team == \"sales\"", "action: deny"));

        var research = engine.evaluate(request("research", "gpt-4o", Map.of()));
        var sales = engine.evaluate(request("sales", "gpt-4o", Map.of()));

        assertThat(research.matched()).extracting(RuleMatch::rule).containsExactly("first", "second", "third");
        assertThat(((Decision.Allow) research).plan().labels()).containsEntry("order", "third");
        assertThat(sales).isInstanceOf(Decision.Deny.class);
        assertThat(sales.matched()).extracting(RuleMatch::rule).containsExactly("first", "third", "other-team");
    }

    @Test
    void listsTheLimitsThatApplyAndTheVariablesTheBundleUses() {
        var engine = engine(rule("r", "request.intent == \"create\"", "action: deny") + """
                ---
                apiVersion: warden/v1
                kind: Limit
                metadata: {name: research-month}
                spec: {scope: team, match: 'principal.team == "research"', window: month, tokens: 1000000}
                ---
                apiVersion: warden/v1
                kind: Limit
                metadata: {name: everyone-minute}
                spec: {scope: key, window: minute, requests: 60}
                """);

        var research = (Decision.Allow) engine.evaluate(request("research", "gpt-4o", Map.of()));
        var sales = (Decision.Allow) engine.evaluate(request("sales", "gpt-4o", Map.of()));

        assertThat(research.plan().limits()).extracting(LimitSpec::name).containsExactly("research-month", "everyone-minute");
        assertThat(sales.plan().limits()).extracting(LimitSpec::name).containsExactly("everyone-minute");
        assertThat(engine.referencedVariables()).containsExactlyInAnyOrder("request.intent", "principal.team");
        assertThat(research.plan().route()).isEqualTo(Optional.of("gpt-4o"));
    }
}
