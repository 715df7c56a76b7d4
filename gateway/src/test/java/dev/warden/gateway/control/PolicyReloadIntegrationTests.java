package dev.warden.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.GatewayTestSupport;
import dev.warden.gateway.fake.FakeOpenAi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Hot reload, history and rollback change the active policy, so these tests run in an
 * application of their own, with a policy directory of their own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyReloadIntegrationTests extends GatewayTestSupport {

    private static final Path OWN_POLICIES = copyOf(POLICY_DIR, "warden-it-reload");
    private static final String DENY_RELOADED = """
            apiVersion: warden/v1
            kind: Rule
            metadata: {name: reloaded-deny}
            spec:
              when: 'principal.team == "reloaded"'
              action: deny
            """;

    @DynamicPropertySource
    static void ownPolicies(DynamicPropertyRegistry registry) {
        register(registry, OWN_POLICIES, temporaryDirectory("warden-it-reload-data"), "warden_it_reload");
        registry.add("warden.policy.debounce", () -> "100ms");
    }

    @Test
    @Order(1)
    void appliesAValidChangeToTheDirectoryWhileServing() throws IOException {
        var key = newKey("reloaded");
        assertThat(post("/v1/chat/completions", key, chat(FakeOpenAi.MODEL)).statusCode()).isEqualTo(200);
        var before = activeRevision();

        Files.writeString(OWN_POLICIES.resolve("reloaded.yaml"), DENY_RELOADED);

        await().atMost(Duration.ofSeconds(10)).until(() -> post("/v1/chat/completions", key, chat(FakeOpenAi.MODEL)).statusCode() == 403);
        assertThat(activeRevision()).isNotEqualTo(before);
        var newest = history().path(0);
        assertThat(newest.path("origin").asText()).isEqualTo("file-watch");
        assertThat(newest.path("diffSummary").asText()).isEqualTo("Rule +1");
    }

    @Test
    @Order(2)
    void refusesAnInvalidDirectoryChangeAndKeepsServingUnderTheLastGoodRevision() throws IOException {
        var revision = activeRevision();

        Files.writeString(OWN_POLICIES.resolve("broken.yaml"), "apiVersion: warden/v1\nkind: Rule\nmetadata: {name: b}\nspec: {action: nope}\n");

        await().atMost(Duration.ofSeconds(10)).until(() -> policyHealth().has("lastRefusedBecause"));
        assertThat(policyHealth().path("lastRefusedBecause").path(0).asText()).startsWith("broken.yaml:4:16: Rule 'b': unknown action 'nope'");
        assertThat(activeRevision()).isEqualTo(revision);
        assertThat(post("/v1/chat/completions", newKey("fine"), chat(FakeOpenAi.MODEL)).statusCode()).isEqualTo(200);
        Files.delete(OWN_POLICIES.resolve("broken.yaml"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !policyHealth().has("lastRefusedBecause"));
    }

    @Test
    @Order(3)
    void refusesAnInvalidApplyThroughTheControlApiWithAPreciseMessage() {
        var revision = activeRevision();

        var response = put(Map.of("rules.yaml", "apiVersion: warden/v1\nkind: Rule\nmetadata: {name: r}\nspec:\n  action: deny\n  when: 'request.modle == \"x\"'\n"));

        assertThat(response.statusCode()).isEqualTo(422);
        var problem = json(response.body()).path("problems").path(0);
        assertThat(problem.path("source").asText()).isEqualTo("rules.yaml");
        assertThat(problem.path("line").asInt()).isEqualTo(6);
        assertThat(problem.path("message").asText()).contains("undeclared reference");
        assertThat(activeRevision()).isEqualTo(revision);
        var refused = json(get("/admin/api/policies", adminToken()).body()).path("lastRefused");
        assertThat(refused.path("origin").asText()).isEqualTo("api");
        assertThat(refused.path("problems").path(0).path("line").asInt()).isEqualTo(6);
        assertThat(post("/v1/chat/completions", newKey("reloaded"), chat(FakeOpenAi.MODEL)).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(4)
    void validatesWithoutApplying() {
        var revision = activeRevision();

        var response = post("/admin/api/policies/validate", adminToken(), "{\"files\":" + JSON.valueToTree(currentFiles()) + "}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).path("valid").asBoolean()).isTrue();
        assertThat(activeRevision()).isEqualTo(revision);
    }

    @Test
    @Order(5)
    void appliesThroughTheControlApiAndRollsBack() {
        var before = activeRevision();
        var files = currentFiles();
        files.remove("reloaded.yaml");

        var applied = put(files);
        var rolledBack = post("/admin/api/policies/rollback/" + before, adminToken(), "");

        assertThat(applied.statusCode()).isEqualTo(200);
        assertThat(json(applied.body()).path("changes").path(0).asText()).isEqualTo("- Rule reloaded-deny");
        assertThat(rolledBack.statusCode()).isEqualTo(200);
        assertThat(activeRevision()).isEqualTo(before);
        assertThat(history().path(0).path("origin").asText()).isEqualTo("rollback");
        assertThat(history().path(1).path("origin").asText()).isEqualTo("api");
        assertThat(post("/admin/api/policies/rollback/ffffffffffffffff", adminToken(), "").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void dropsTheConnectionsBreakersAndHealthOfAProviderOrAModelAChangeEditsOrRemoves() {
        var files = currentFiles();
        files.put("spare.yaml", spare(""));
        assertThat(put(files).statusCode()).isEqualTo(200);
        // The route's fallback is a model in this process, so its requests run on a worker and are sent on the
        // provider's pooled client whichever server front takes them (the event-loop front sends the rest on
        // connections of its own, which a change retires as LoopUpstreamPoolTests shows).
        assertThat(post("/v1/messages", newKey("spare"), streamed("spare-model")).statusCode()).isEqualTo(200);
        var first = evictors("spare");
        assertThat(first).hasSize(1);
        assertThat(metrics()).containsPattern("warden_provider_connections_max\\{[^}]*provider=\"spare\"} 4096.0");
        var firstBreaker = breakers("spare");
        assertThat(firstBreaker).hasSize(1);

        files.put("spare.yaml", spare(", maxConnections: 7, circuitBreaker: {window: 30}"));
        assertThat(put(files).statusCode()).isEqualTo(200);

        assertThat(metrics()).containsPattern("warden_provider_connections_max\\{[^}]*provider=\"spare\"} 7.0");
        awaitEnded(first);
        assertThat(breakers("spare")).as("the breaker made from the old settings").isEmpty();
        assertThat(post("/v1/messages", newKey("spare"), streamed("spare-model")).statusCode()).isEqualTo(200);
        var second = evictors("spare");
        assertThat(second).hasSize(1).doesNotContainAnyElementsOf(first);
        assertThat(breakers("spare")).hasSize(1).doesNotContainAnyElementsOf(firstBreaker);
        assertThat(healthGauges("spare", FakeOpenAi.MODEL)).hasSize(3);

        files.put("spare.yaml", spare(", maxConnections: 7, circuitBreaker: {window: 30}", "fake-renamed"));
        assertThat(put(files).statusCode()).isEqualTo(200);

        // The provider stays, the model its route named goes.
        assertThat(healthGauges("spare", FakeOpenAi.MODEL)).as("health of a model no route names").isEmpty();
        assertThat(breakers("spare")).as("its breaker").isEmpty();
        assertThat(second).as("the provider's pool, unchanged").allMatch(Thread::isAlive);

        files.remove("spare.yaml");
        assertThat(put(files).statusCode()).isEqualTo(200);

        awaitEnded(second);
        // the requests counted under its route stay: they are history, not the provider's state
        assertThat(metrics()).as("connections and health").doesNotContain("provider=\"spare\"")
                .as("breakers").doesNotContain("name=\"spare/");
    }

    private static String streamed(String model) {
        return "{\"model\":\"" + model + "\",\"stream\":true,\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    }

    private static String spare(String more) {
        return spare(more, FakeOpenAi.MODEL);
    }

    private static String spare(String more, String model) {
        return """
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: spare}
                spec: {type: openai-compatible, baseUrl: "%s"%s}
                ---
                apiVersion: warden/v1
                kind: Route
                metadata: {name: spare-model}
                spec:
                  targets:
                    - {provider: spare, model: %s}
                    - {provider: local-onnx, model: all-minilm-l6-v2}
                """.formatted(FAKE.baseUrl(), more, model);
    }

    /** The live evictor threads of a provider's connection pools: one per pool. */
    private static List<Thread> evictors(String provider) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("provider-pool-evictor-" + provider)).toList();
    }

    /** The health gauges of a provider's model, as Prometheus shows them. */
    private List<String> healthGauges(String provider, String model) {
        return metrics().lines().filter(line -> line.startsWith("warden_provider_") && line.contains("provider=\"" + provider + "\"")
                && line.contains("model=\"" + model + "\"")).toList();
    }

    /** The names of a provider's circuit breakers, as Prometheus shows them. */
    private List<String> breakers(String provider) {
        return Pattern.compile("resilience4j_circuitbreaker_state\\{[^}]*name=\"(" + provider + "/[^\"]+)\",state=\"closed\"")
                .matcher(metrics()).results().map(match -> match.group(1)).toList();
    }

    private static void awaitEnded(List<Thread> threads) {
        await().atMost(Duration.ofSeconds(10)).until(() -> threads.stream().noneMatch(Thread::isAlive));
    }

    private String metrics() {
        return get("/actuator/prometheus", null).body();
    }

    private String activeRevision() {
        return json(get("/admin/api/policies", adminToken()).body()).path("revision").asText();
    }

    private Map<String, String> currentFiles() {
        var files = new LinkedHashMap<String, String>();
        json(get("/admin/api/policies", adminToken()).body()).path("files").fields()
                .forEachRemaining(entry -> files.put(entry.getKey(), entry.getValue().asText()));
        return files;
    }

    private JsonNode history() {
        return json(get("/admin/api/policies/history", adminToken()).body());
    }

    private JsonNode policyHealth() {
        return json(get("/actuator/health", null).body()).path("components").path("policy").path("details");
    }

    private HttpResponse<String> put(Map<String, String> files) {
        return send(HttpRequest.newBuilder(URI.create(url("/admin/api/policies")))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"files\":" + JSON.valueToTree(files) + "}")).build());
    }
}
