package dev.warden.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.gateway.TestPolicies;
import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.fake.FakeOpenAi;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LimitsIntegrationTests extends WardenIntegrationTest {

    @Test
    void refusesRequestsOverTheLimitWith429RetryAfterAndOpenAisHeaders() {
        var key = newKey("limited");
        for (int i = 0; i < 3; i++) {
            var admitted = post("/v1/chat/completions", key, chat(FakeOpenAi.MODEL));
            assertThat(admitted.statusCode()).isEqualTo(200);
            assertThat(admitted.headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
            assertThat(admitted.headers().firstValue("x-ratelimit-remaining-requests")).hasValue(Integer.toString(2 - i));
        }

        var refused = post("/v1/chat/completions", key, chat(FakeOpenAi.MODEL));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(s -> assertThat(s).isPositive());
        assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
        assertThat(refused.headers().firstValue("x-ratelimit-reset-requests")).hasValueSatisfying(v -> assertThat(v).matches("[0-9hms]+"));
        var error = json(refused.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.path("message").asText()).contains("limited-requests");
        var record = row(refused);
        assertThat(record.get("status")).isEqualTo(429);
        assertThat(record.get("reason").toString()).contains("limited-requests");
    }

    @Test
    void aStreamHoldsItsConcurrencySlotNoLongerThanItsClientWaitsForItsEnd() throws Exception {
        // The upstream ends its response a while after [DONE], so the slot is released well after
        // the end marker: a client that saw the response end before then could be refused below.
        var key = newKey("one-at-a-time");
        var stream = "{\"model\":\"" + FakeOpenAi.LINGERING + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        var first = post("/v1/chat/completions", key, stream);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).endsWith("data: [DONE]\n\n");
        // on a connection of its own, which the first request's thread cannot hold back
        try (var other = HttpClient.newHttpClient()) {
            var next = other.send(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(chat(FakeOpenAi.MODEL))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        }
    }

    @Test
    void reservesTheWorstCaseAndSettlesToTheReportedTokens() {
        var key = newKey("token-limited");
        var body = "{\"model\":\"" + FakeOpenAi.MODEL + "\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        var first = post("/v1/chat/completions", key, body);
        var second = post("/v1/chat/completions", key, body);
        var third = post("/v1/chat/completions", key, body);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(json(third.body()).path("error").path("message").asText()).contains("limited-tokens", "tokens");
    }

    @Test
    void countsThePromptExactlyWhenItsCheapBoundDoesNotFit() {
        var key = newKey("bound-limited");
        // 150 words: about 150 tokens, 900 bytes; the limit is 300 tokens.
        var fits = "{\"model\":\"" + TestPolicies.OPENAI_TOKENIZED + "\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + "hello ".repeat(150) + "\"}]}";
        var tooBig = fits.replace("hello ".repeat(150), "hello ".repeat(400));

        var admitted = post("/v1/chat/completions", key, fits);
        var refused = post("/v1/chat/completions", key, tooBig);

        assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(200);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json(refused.body()).path("error").path("message").asText()).contains("bound-limited-tokens");
    }

    @Test
    void recordsTheCostOfEachRequestAndReportsUsagePerTeam() {
        var key = newKey("spender");
        var body = "{\"model\":\"" + FakeOpenAi.MODEL + "\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi "
                + UUID.randomUUID() + "\"}]}";

        var response = post("/v1/chat/completions", key, body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new BigDecimal(row(response).get("cost_usd").toString())).isEqualByComparingTo("0.025");
        var usage = await().atMost(Duration.ofSeconds(10)).until(() -> json(get("/admin/api/usage?scope=team&window=month",
                adminToken()).body()), page -> page.findValues("value").stream().anyMatch(v -> v.asText().equals("spender")));
        var spender = usage.path("data").findParents("value").stream().filter(r -> r.path("value").asText().equals("spender"))
                .findFirst().orElseThrow();
        assertThat(spender.path("requests").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(spender.path("costUsd").decimalValue()).isGreaterThanOrEqualTo(new BigDecimal("0.025"));
        assertThat(get("/admin/api/usage?scope=planet", adminToken()).statusCode()).isEqualTo(400);
    }

    private Map<String, Object> row(HttpResponse<String> response) {
        var id = UUID.fromString(response.headers().firstValue("x-warden-decision-id").orElseThrow());
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForList("SELECT * FROM decisions WHERE id = ?", id), rows -> rows.size() == 1).getFirst();
    }
}
