package dev.warden.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.TestPolicies;
import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.fake.FakeOpenAi;
import java.time.Duration;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionsControlIntegrationTests extends WardenIntegrationTest {

    @Test
    void recordsAllowedRefusedAndFailedRequestsAndListsTheNewestFirst() {
        var key = newKey("ledger");
        var allowed = decisionId(post("/v1/chat/completions", key, chat(FakeOpenAi.MODEL)));
        var refused = decisionId(post("/v1/chat/completions", "wk-wrong", chat(FakeOpenAi.MODEL)));
        var failed = decisionId(post("/v1/chat/completions", key, chat(TestPolicies.DEAD)));

        var decisions = await().atMost(Duration.ofSeconds(10)).until(() -> newest(50),
                list -> ids(list).containsAll(List.of(allowed, refused, failed)));

        var byId = new HashMap<String, JsonNode>();
        decisions.forEach(d -> byId.put(d.path("id").asText(), d));
        assertThat(ids(decisions).indexOf(failed)).isLessThan(ids(decisions).indexOf(allowed));
        var ok = byId.get(allowed);
        assertThat(ok.path("status").asInt()).isEqualTo(200);
        assertThat(ok.path("outcome").asText()).isEqualTo("ok");
        assertThat(ok.path("principal").path("team").asText()).isEqualTo("ledger");
        assertThat(ok.path("endpoint").asText()).isEqualTo("/v1/chat/completions");
        assertThat(ok.path("modelRequested").asText()).isEqualTo(FakeOpenAi.MODEL);
        assertThat(ok.path("provider").asText()).isEqualTo("fake");
        assertThat(ok.path("modelUsed").asText()).isEqualTo(FakeOpenAi.MODEL);
        assertThat(ok.path("tokensIn").asInt()).isPositive();
        assertThat(ok.path("latencyMs").asDouble()).isPositive();
        assertThat(ok.path("overheadMs").asDouble()).isNotNegative().isLessThanOrEqualTo(ok.path("latencyMs").asDouble());
        assertThat(ok.path("bundleRevision").asText()).hasSize(16);
        var denied = byId.get(refused);
        assertThat(denied.path("status").asInt()).isEqualTo(401);
        assertThat(denied.path("principal").isNull()).isTrue();
        assertThat(denied.path("outcome").asText()).isEqualTo("rejected");
        var broken = byId.get(failed);
        assertThat(broken.path("status").asInt()).isEqualTo(502);
        assertThat(broken.path("outcome").asText()).isEqualTo("failed");
        assertThat(broken.path("attempts").path(0).path("provider").asText()).isEqualTo("dead");
    }

    @Test
    void honoursTheLimitAndRefusesOneOutOfRange() {
        var key = newKey("ledger");
        for (int i = 0; i < 3; i++) {
            post("/v1/chat/completions", key, chat(FakeOpenAi.MODEL));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> newest(2).size() == 2);
        var outOfRange = get("/admin/api/decisions?limit=0", adminToken());

        assertThat(outOfRange.statusCode()).isEqualTo(400);
        assertThat(json(outOfRange.body()).path("error").path("param").asText()).isEqualTo("limit");
    }

    @Test
    void neverRecordsTheApiKeyItself() {
        var key = newKey("secretive");
        var id = decisionId(post("/v1/chat/completions", key, chat(FakeOpenAi.MODEL)));

        await().atMost(Duration.ofSeconds(10)).until(() -> ids(newest(100)).contains(id));

        var rows = jdbc.queryForList("SELECT d.*::text AS whole FROM decisions d WHERE id = ?::uuid", id);
        assertThat(rows.getFirst().get("whole").toString()).doesNotContain(key.substring(3));
    }

    private List<JsonNode> newest(int limit) {
        var page = json(get("/admin/api/decisions?limit=" + limit, adminToken()).body());
        var list = new ArrayList<JsonNode>();
        page.path("data").forEach(list::add);
        return list;
    }

    private static List<String> ids(List<JsonNode> decisions) {
        return decisions.stream().map(d -> d.path("id").asText()).toList();
    }

    private static String decisionId(HttpResponse<String> response) {
        return response.headers().firstValue("x-warden-decision-id").orElseThrow();
    }
}
