package dev.warden.gateway.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.fake.FakeOpenAi;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bodies are kept only where a policy says so, masked by the bundle's redaction, cut at the rule's size. */
class RecordedBodiesIntegrationTests extends WardenIntegrationTest {

    @Test
    void keepsMaskedBodiesForATeamWhosePolicySaysSo() {
        var body = "{\"model\":\"" + FakeOpenAi.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Write to ada@example.com\"}]}";

        var row = row(post("/v1/chat/completions", newKey("recorded"), body));

        assertThat(row.get("request_body").toString()).contains("Write to [REDACTED:email]").doesNotContain("ada@example.com");
        assertThat(row.get("response_body").toString()).contains("Hello from the fake");
    }

    @Test
    void keepsTheTextOfAStreamedAnswer() {
        var body = "{\"model\":\"" + FakeOpenAi.MODEL + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        var row = row(post("/v1/chat/completions", newKey("recorded"), body));

        assertThat(row.get("response_body")).isEqualTo("Hello from the fake");
    }

    @Test
    void cutsBodiesAtTheRulesSize() {
        var body = "{\"model\":\"" + FakeOpenAi.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "é".repeat(1000) + "\"}]}";

        var row = row(post("/v1/chat/completions", newKey("recorded"), body));

        assertThat(row.get("request_body").toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(400);
    }

    @Test
    void keepsNoBodiesWherePoliciesDoNotAskForThem() {
        var row = row(post("/v1/chat/completions", newKey("unrecorded"), chat(FakeOpenAi.MODEL)));

        assertThat(row.get("request_body")).isNull();
        assertThat(row.get("response_body")).isNull();
    }

    private Map<String, Object> row(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        var id = UUID.fromString(response.headers().firstValue("x-warden-decision-id").orElseThrow());
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForList("SELECT * FROM decisions WHERE id = ?", id), rows -> rows.size() == 1).getFirst();
    }
}
