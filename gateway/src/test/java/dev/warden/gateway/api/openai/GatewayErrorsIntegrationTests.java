package dev.warden.gateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.TestPolicies;
import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.fake.FakeOpenAi;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GatewayErrorsIntegrationTests extends WardenIntegrationTest {

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"gpt-fake\",\"messages\":\"hello\"}                          | messages",
            "{\"model\":42,\"messages\":[]}                                          | model",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}                   | model",
            "{\"model\":\"gpt-fake\"}                                                 | messages",
            "{\"model\":\"gpt-fake\",\"messages\":[],\"max_tokens\":1.5}              | max_tokens",
            "{\"model\":\"gpt-fake\",\"messages\":[],\"stream\":\"yes\"}              | stream",
            "{\"model\":\"gpt-fake\",\"messages\":[],\"temperature\":\"hot\"}         | temperature",
            "{\"model\":\"gpt-fake\",\"messages\":[],\"tools\":{}}                    | tools",
            "{\"model\":\"gpt-fake\",\"messages\":[],\"response_format\":\"json\"}    | response_format"})
    void refusesAWrongTypeWithA400NamingTheField(String body, String field) {
        var response = post("/v1/chat/completions", newKey("errors"), body);

        assertError(response, 400, "invalid_request_error");
        assertThat(error(response).path("param").asText()).isEqualTo(field);
        assertThat(error(response).path("message").asText()).contains(field);
    }

    @ParameterizedTest(name = "body [{0}]")
    @CsvSource(delimiter = '|', value = {"{\"model\":", "[1,2,3]", "''", "{\"model\":\"a\"} trailing"})
    void refusesBodiesThatAreNotAJsonObject(String body) {
        var response = post("/v1/chat/completions", newKey("errors"), body);

        assertError(response, 400, "invalid_request_error");
    }

    @Test
    void refusesEmbeddingsWithoutInput() {
        var response = post("/v1/embeddings", newKey("errors"), "{\"model\":\"" + TestPolicies.EMBEDDING + "\"}");

        assertError(response, 400, "invalid_request_error");
        assertThat(error(response).path("param").asText()).isEqualTo("input");
    }

    @Test
    void refusesAMissingKeyAndAnInvalidKeyWith401() {
        var missing = post("/v1/chat/completions", null, chat(FakeOpenAi.MODEL));
        var invalid = post("/v1/chat/completions", "wk-not-a-real-key", chat(FakeOpenAi.MODEL));

        assertError(missing, 401, "authentication_error");
        assertError(invalid, 401, "authentication_error");
    }

    @Test
    void answersAnUnknownModelWith404() {
        var response = post("/v1/chat/completions", newKey("errors"), chat("no-such-model"));

        assertError(response, 404, "invalid_request_error");
        assertThat(error(response).path("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void answersABodyOverTheLimitWith413() {
        var huge = "{\"model\":\"gpt-fake\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(1_100_000) + "\"}]}";

        var response = post("/v1/chat/completions", newKey("errors"), huge);

        assertError(response, 413, "invalid_request_error");
    }

    @Test
    void answersAnUnreachableUpstreamWith502() {
        var response = post("/v1/chat/completions", newKey("errors"), chat(TestPolicies.DEAD));

        assertError(response, 502, "upstream_error");
        assertThat(error(response).path("code").asText()).isEqualTo("upstream_unreachable");
    }

    @Test
    void answersAnUpstreamTimeoutWith504() {
        var response = post("/v1/chat/completions", newKey("errors"), chat(FakeOpenAi.SLOW));

        assertError(response, 504, "upstream_error");
    }

    @Test
    void answersAnUpstream5xxWithTheGatewaysOwnErrorQuotingTheUpstream() {
        var failed = post("/v1/chat/completions", newKey("errors"), chat(FakeOpenAi.FAIL_500));
        var overloaded = post("/v1/chat/completions", newKey("errors"), chat(FakeOpenAi.FAIL_503));

        assertError(failed, 502, "upstream_error");
        assertThat(error(failed).path("message").asText()).contains("The upstream exploded.");
        assertError(overloaded, 503, "upstream_error");
    }

    @Test
    void passesAnUpstream4xxThroughWithItsBody() {
        var badRequest = post("/v1/chat/completions", newKey("errors"), chat(FakeOpenAi.BAD_REQUEST));
        var limited = post("/v1/chat/completions", newKey("errors"), chat(FakeOpenAi.RATE_LIMITED));

        assertError(badRequest, 400, "invalid_request_error");
        assertThat(error(badRequest).path("param").asText()).isEqualTo("temperature");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
    }

    @Test
    void answersARouteWhoseProvidersAreNotConfiguredWith503() {
        var response = post("/v1/chat/completions", newKey("errors"), chat(TestPolicies.UNCONFIGURED));

        assertError(response, 503, "upstream_error");
        assertThat(error(response).path("code").asText()).isEqualTo("no_available_target");
    }

    @Test
    void answersUnknownPathsAndMethodsInTheSameShape() {
        var key = newKey("errors");

        assertError(post("/v1/no-such-endpoint", key, "{}"), 404, "invalid_request_error");
        assertError(post("/v1/chat/completions/", key, chat(FakeOpenAi.MODEL)), 404, "invalid_request_error");
        for (var path : new String[] {"/v1/chat/completions", "/v1/embeddings"}) {
            var response = get(path, key);
            assertError(response, 405, "invalid_request_error");
            assertThat(response.headers().firstValue("Allow")).hasValue("POST");
            assertThat(error(response).path("code").asText()).isEqualTo("method_not_allowed");
        }
    }

    @Test
    void answersAWrongMethodOnTheAnthropicSurfaceInAnthropicsShape() {
        var response = get("/v1/messages", newKey("errors"));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(json(response.body()).path("type").asText()).isEqualTo("error");
        assertThat(json(response.body()).path("error").path("type").asText()).isEqualTo("invalid_request_error");
    }

    private static void assertError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
        assertThat(error(response).path("type").asText()).isEqualTo(type);
        assertThat(error(response).path("message").asText()).isNotBlank();
        assertThat(error(response).has("param")).isTrue();
        assertThat(error(response).has("code")).isTrue();
        assertThat(response.headers().firstValue("x-warden-decision-id")).isPresent();
        assertThat(response.headers().firstValue("x-warden-route")).isPresent();
        assertThat(response.headers().firstValue("x-warden-overhead-ms")).isPresent();
    }

    private static JsonNode error(HttpResponse<String> response) {
        return json(response.body()).path("error");
    }
}
