package dev.warden.gateway.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.gateway.GatewayTestSupport;
import dev.warden.gateway.TestPolicies;
import dev.warden.gateway.fake.FakeOpenAi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A bundle whose rules use {@code request.intent}, in an application of its own: intent is then
 * computed for every chat request, which the shared test bundle must not cause.
 */
class IntentIntegrationTests extends GatewayTestSupport {

    private static final Path OWN_POLICIES = withIntentRule(POLICY_DIR);

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void ownPolicies(DynamicPropertyRegistry registry) {
        register(registry, OWN_POLICIES, temporaryDirectory("warden-it-intent-data"), "warden_it_intent");
    }

    @Test
    void aReviewOnlyTeamMayNotAskForGeneratedCodeAndTheRecordSaysWhy() {
        var key = newKey("reviewers");

        var response = post("/v1/chat/completions", key, message("Write a Python function that merges two sorted lists"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response.body()).path("error").path("message").asText()).contains("review-only mode");
        var row = awaitRow(response.headers().firstValue("x-warden-decision-id").orElseThrow());
        assertThat(row.get("intent")).isEqualTo("create");
        assertThat(row.get("outcome")).isEqualTo("denied");
    }

    @Test
    void theSameTeamMayAskForExplanations() {
        var response = post("/v1/chat/completions", newKey("reviewers"),
                message("Can you explain what this regular expression matches: ^[a-z]+@[a-z]+\\\\.com$"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(awaitRow(response.headers().firstValue("x-warden-decision-id").orElseThrow()).get("intent")).isEqualTo("explain");
    }

    @Test
    void everyChatRequestCarriesItsIntentOnceTheBundleUsesIt() {
        var response = post("/v1/chat/completions", newKey("anyone"), message("Translate 'where is the station' into Italian"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(awaitRow(response.headers().firstValue("x-warden-decision-id").orElseThrow()).get("intent")).isEqualTo("translate");
    }

    @Test
    void decisionsCanBeListedAndExportedByIntent() {
        var team = "intent-query-" + System.nanoTime();
        var key = newKey(team);
        var create = post("/v1/chat/completions", key, message("Write a Python function that merges two sorted lists"));
        var explain = post("/v1/chat/completions", key, message("Can you explain what a hash map is?"));
        awaitRow(create.headers().firstValue("x-warden-decision-id").orElseThrow());
        awaitRow(explain.headers().firstValue("x-warden-decision-id").orElseThrow());

        var listed = json(get("/admin/api/decisions?team=" + team + "&intent=create", adminToken()).body()).path("data");
        var exported = get("/admin/api/decisions/export?format=ndjson&team=" + team + "&intent=explain", adminToken()).body();

        assertThat(listed).hasSize(1);
        assertThat(listed.path(0).path("id").asText()).isEqualTo(create.headers().firstValue("x-warden-decision-id").orElseThrow());
        assertThat(exported.lines()).hasSize(1).first().asString()
                .contains(explain.headers().firstValue("x-warden-decision-id").orElseThrow());
        var unknown = get("/admin/api/decisions?intent=summarise", adminToken());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown.body()).path("error").path("message").asText()).contains("create", "explain", "other");
    }

    @Test
    void anEmbeddingRequestHasNoUserMessageAndSoNoIntent() {
        var response = post("/v1/embeddings", newKey("anyone"), "{\"model\":\"" + TestPolicies.LOCAL_EMBEDDING + "\",\"input\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(awaitRow(response.headers().firstValue("x-warden-decision-id").orElseThrow()).get("intent")).isNull();
    }

    private static String message(String text) {
        return "{\"model\":\"" + FakeOpenAi.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    private Map<String, Object> awaitRow(String id) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> jdbc.queryForList("SELECT * FROM decisions WHERE id = ?", UUID.fromString(id)),
                rows -> rows.size() == 1).getFirst();
    }

    private static Path withIntentRule(Path directory) {
        try {
            var copy = copyOf(directory, "warden-it-intent");
            Files.writeString(copy.resolve("intent.yaml"), """
                    apiVersion: warden/v1
                    kind: Rule
                    metadata: {name: reviewers-review-only}
                    spec:
                      when: 'principal.team == "reviewers" && request.intent == "create"'
                      action: deny
                      message: "This team is in review-only mode: ask for reviews and explanations, not generated code."
                    """);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
