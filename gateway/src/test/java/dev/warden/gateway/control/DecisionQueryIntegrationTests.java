package dev.warden.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.TestPolicies;
import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.fake.FakeOpenAi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionQueryIntegrationTests extends WardenIntegrationTest {

    @Test
    void filtersByTeamModelOutcomeRuleAndTextAndPagesWithACursor() {
        var team = "query-" + System.nanoTime();
        var key = newKey(team);
        for (int i = 0; i < 5; i++) {
            post("/v1/chat/completions", key, chat(FakeOpenAi.MODEL));
        }
        post("/v1/chat/completions", key, chat(TestPolicies.DEAD));
        await().atMost(Duration.ofSeconds(10)).until(() -> page("team=" + team + "&limit=100").path("data").size() == 6);

        var failed = page("team=" + team + "&outcome=failed");
        var now = Instant.now();
        var inRange = page("team=" + team + "&from=" + now.minusSeconds(600) + "&to=" + now.plusSeconds(60) + "&limit=100");
        var beforeRange = page("team=" + team + "&to=" + now.minusSeconds(600));
        var byModel = page("team=" + team + "&model=" + FakeOpenAi.MODEL);
        var byText = page("team=" + team + "&q=could%20not%20be%20reached");
        var first = page("team=" + team + "&limit=4");
        var second = page("team=" + team + "&limit=4&cursor=" + first.path("nextCursor").asText());

        assertThat(failed.path("data")).hasSize(1);
        assertThat(inRange.path("data")).hasSize(6);
        assertThat(beforeRange.path("data")).isEmpty();
        assertThat(byModel.path("data")).hasSize(5);
        assertThat(byText.path("data")).hasSize(1);
        assertThat(first.path("data")).hasSize(4);
        assertThat(second.path("data")).hasSize(2);
        assertThat(second.path("nextCursor").isNull()).isTrue();
        var ids = new HashSet<String>();
        first.path("data").forEach(d -> ids.add(d.path("id").asText()));
        second.path("data").forEach(d -> ids.add(d.path("id").asText()));
        assertThat(ids).hasSize(6);
    }

    @Test
    void filtersByAMatchedRuleAndReturnsOneDecisionWithItsAttempts() {
        var key = newKey("research");
        var id = post("/v1/chat/completions", key, chat(FakeOpenAi.MODEL)).headers().firstValue("x-warden-decision-id").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/admin/api/decisions/" + id, adminToken()).statusCode() == 200);

        var one = json(get("/admin/api/decisions/" + id, adminToken()).body());
        var byRule = page("rule=label-research&limit=1000");

        assertThat(one.path("attempts").path(0).path("provider").asText()).isEqualTo("fake");
        assertThat(one.path("matchedRules").path(0).path("rule").asText()).isEqualTo("label-research");
        assertThat(ids(byRule)).contains(id);
        assertThat(get("/admin/api/decisions/00000000-0000-0000-0000-000000000000", adminToken()).statusCode()).isEqualTo(404);
        assertThat(get("/admin/api/decisions?cursor=garbage", adminToken()).statusCode()).isEqualTo(400);
        assertThat(get("/admin/api/decisions?from=yesterday", adminToken()).statusCode()).isEqualTo(400);
    }

    @Test
    void exportsAsNdjsonAndCsv() {
        var team = "export-" + System.nanoTime();
        var key = newKey(team);
        post("/v1/chat/completions", key, chat(FakeOpenAi.MODEL));
        post("/v1/chat/completions", key, chat(FakeOpenAi.MODEL));
        await().atMost(Duration.ofSeconds(10)).until(() -> page("team=" + team).path("data").size() == 2);

        var ndjson = get("/admin/api/decisions/export?format=ndjson&team=" + team, adminToken());
        var csv = get("/admin/api/decisions/export?format=csv&team=" + team, adminToken());

        assertThat(ndjson.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
        var lines = ndjson.body().strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(json(lines[0]).path("principal").path("team").asText()).isEqualTo(team);
        var rows = csv.body().strip().split("\n");
        assertThat(rows).hasSize(3);
        assertThat(rows[0]).startsWith("id,created_at,team,");
        assertThat(rows[1]).contains("," + team + ",", ",ok,");
        assertThat(get("/admin/api/decisions/export?format=xml", adminToken()).statusCode()).isEqualTo(400);
    }

    private JsonNode page(String query) {
        return json(get("/admin/api/decisions?" + query, adminToken()).body());
    }

    private static List<String> ids(JsonNode page) {
        var ids = new ArrayList<String>();
        page.path("data").forEach(d -> ids.add(d.path("id").asText()));
        return ids;
    }
}
