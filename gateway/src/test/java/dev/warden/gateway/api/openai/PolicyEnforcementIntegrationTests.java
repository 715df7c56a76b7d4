package dev.warden.gateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.TestPolicies;
import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.fake.FakeOpenAi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyEnforcementIntegrationTests extends WardenIntegrationTest {

    @Test
    void deniesWith403NamingTheRuleAndRecordsIt() {
        var response = post("/v1/chat/completions", newKey("blocked"), chat(FakeOpenAi.MODEL));

        assertThat(response.statusCode()).isEqualTo(403);
        var error = json(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("permission_error");
        assertThat(error.path("code").asText()).isEqualTo("policy_denied");
        assertThat(error.path("message").asText()).isEqualTo(
                "Denied by policy rule 'block-the-blocked': The blocked team may not use models.");
        var row = Decisions.awaitRow(jdbc, decisionId(response));
        assertThat(row.get("outcome")).isEqualTo("denied");
        assertThat(row.get("matched_rules").toString()).contains("block-the-blocked", "\"enforced\": true");
    }

    @Test
    void rejectsWith400NamingTheMissingLabelsAndHeaders() {
        var key = newKey("needs-project");

        var missing = post("/v1/chat/completions", key, chat(FakeOpenAi.MODEL));
        var complete = send(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                .header("Authorization", "Bearer " + key).header("x-warden-labels", "project=apollo, team-size=3")
                .header("X-Purpose", "review").POST(HttpRequest.BodyPublishers.ofString(chat(FakeOpenAi.MODEL))).build());

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing.body()).path("error").path("message").asText())
                .isEqualTo("Rule 'projects-required' requires label 'project', header 'x-purpose'.");
        assertThat(complete.statusCode()).isEqualTo(200);
        var row = Decisions.awaitRow(jdbc, decisionId(complete));
        assertThat(row.get("labels").toString()).contains("\"project\": \"apollo\"", "\"team-size\": \"3\"");
    }

    @Test
    void takesLabelsFromTheMetadataObjectToo() {
        var body = "{\"model\":\"" + FakeOpenAi.MODEL + "\",\"metadata\":{\"data\":\"confidential\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";

        var response = post("/v1/chat/completions", newKey("labels"), body);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response.body()).path("error").path("message").asText())
                .contains("confidential-local", "No local target serves model 'gpt-fake'");
    }

    @Test
    void keepsConfidentialRequestsOnLocalTargets() {
        var response = send(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                .header("Authorization", "Bearer " + newKey("labels")).header("x-warden-labels", "data=confidential")
                .POST(HttpRequest.BodyPublishers.ofString(chat(TestPolicies.MIXED))).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-warden-route")).hasValue("fake-local/" + FakeOpenAi.MODEL);
    }

    @Test
    void masksContentBeforeItLeavesAndCountsWhatWasMasked() {
        var body = """
                {"model":"%s","messages":[
                  {"role":"user","content":"Mail ada@example.com about TCK-1234, card 4111 1111 1111 1111"},
                  {"role":"user","content":[{"type":"text","text":"and grace@example.org"}]}]}""".formatted(FakeOpenAi.MODEL);

        var response = post("/v1/chat/completions", newKey("careful"), body);

        assertThat(response.statusCode()).isEqualTo(200);
        var sent = FAKE.lastRequestFor(FakeOpenAi.MODEL).json().path("messages");
        assertThat(sent.path(0).path("content").asText())
                .isEqualTo("Mail [REDACTED:email] about [REDACTED:ticket], card [REDACTED:card]");
        assertThat(sent.path(1).path("content").path(0).path("text").asText()).isEqualTo("and [REDACTED:email]");
        var row = Decisions.awaitRow(jdbc, decisionId(response));
        assertThat(json(row.get("redactions").toString())).isEqualTo(json("{\"card\":1,\"email\":2,\"ticket\":1}"));
    }

    @Test
    void putsTheCoachingInstructionFirst() {
        post("/v1/chat/completions", newKey("students"), chat(FakeOpenAi.MODEL));

        var sent = FAKE.lastRequestFor(FakeOpenAi.MODEL).json().path("messages");
        assertThat(sent.path(0).path("role").asText()).isEqualTo("system");
        assertThat(sent.path(0).path("content").asText()).isEqualTo("Explain and hint; never write the whole solution.");
        assertThat(sent.path(1).path("content").asText()).isEqualTo("Say hello");
    }

    @Test
    void recordsLabelsAuditFlagsAndAuditModeMatchesWithoutEnforcingThem() {
        var labelled = post("/v1/chat/completions", newKey("research"), chat(FakeOpenAi.MODEL));
        var flagged = post("/v1/chat/completions", newKey("clinical"), chat(FakeOpenAi.MODEL));
        var audited = post("/v1/chat/completions", newKey("audited"), chat(FakeOpenAi.MODEL));

        assertThat(List.of(labelled.statusCode(), flagged.statusCode(), audited.statusCode())).containsOnly(200);
        assertThat(Decisions.awaitRow(jdbc, decisionId(labelled)).get("labels").toString()).contains("\"cost-centre\": \"r-42\"");
        assertThat(Decisions.awaitRow(jdbc, decisionId(flagged)).get("audit_flags").toString()).contains("factual-check");
        var row = Decisions.awaitRow(jdbc, decisionId(audited));
        assertThat(json(row.get("matched_rules").toString())).isEqualTo(json(
                "[{\"rule\":\"audited-deny\",\"action\":\"deny\",\"mode\":\"AUDIT\",\"enforced\":false}]"));
        assertThat(row.get("outcome")).isEqualTo("ok");
    }

    @Test
    void refusesMalformedLabels() {
        var response = send(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                .header("Authorization", "Bearer " + newKey("labels")).header("x-warden-labels", "no-equals-sign")
                .POST(HttpRequest.BodyPublishers.ofString(chat(FakeOpenAi.MODEL))).build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).path("error").path("param").asText()).isEqualTo("x-warden-labels");
    }

    @Test
    void listsOnlyTheModelsThePolicyLetsTheCallerUse() {
        var allowed = json(get("/v1/models", newKey("students")).body()).path("data");
        var blocked = json(get("/v1/models", newKey("blocked")).body()).path("data");

        assertThat(allowed.size()).isGreaterThan(3);
        assertThat(blocked.size()).isZero();
        assertThat(get("/v1/models/" + FakeOpenAi.MODEL, newKey("blocked")).statusCode()).isEqualTo(404);
    }

    private static String decisionId(HttpResponse<String> response) {
        return response.headers().firstValue("x-warden-decision-id").orElseThrow();
    }
}
