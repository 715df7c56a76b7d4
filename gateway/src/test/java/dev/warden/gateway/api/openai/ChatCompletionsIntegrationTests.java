package dev.warden.gateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.TestPolicies;
import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.fake.ChatResponses;
import dev.warden.gateway.fake.FakeOpenAi;
import org.junit.jupiter.api.Test;

class ChatCompletionsIntegrationTests extends WardenIntegrationTest {

    @Test
    void relaysACompletionWithTheUpstreamsOwnKeyAndTheWardenHeaders() {
        var key = newKey("chat");

        var response = post("/v1/chat/completions", key, chat(FakeOpenAi.MODEL));

        assertThat(response.statusCode()).isEqualTo(200);
        var body = json(response.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("choices").path(0).path("message").path("content").asText()).isEqualTo("Hello from the fake");
        assertThat(response.headers().firstValue("x-warden-decision-id")).isPresent();
        assertThat(response.headers().firstValue("x-warden-route")).hasValue("fake/" + FakeOpenAi.MODEL);
        assertThat(response.headers().firstValue("x-warden-overhead-ms").map(Double::parseDouble)).hasValueSatisfying(
                overhead -> assertThat(overhead).isNotNegative());
        var upstream = FAKE.lastRequestFor(FakeOpenAi.MODEL);
        assertThat(upstream.header("Authorization")).isEqualTo("Bearer " + UPSTREAM_KEY);
    }

    @Test
    void passesUnknownFieldsAndExactNumbersThroughUntouched() {
        var key = newKey("chat");
        var body = """
                {"model":"%s","messages":[{"role":"user","content":"hi","x_vendor":{"deep":[1,2.50,{"k":null}]}}],
                 "temperature":0.1000000000000000055511151231257827,"seed":12345678901234567890,
                 "response_format":{"type":"json_schema","json_schema":{"name":"s","schema":{"type":"object"}}},
                 "x_unknown_top":{"keep":"me","n":1e400}}""".formatted(TestPolicies.ALIAS);

        var response = post("/v1/chat/completions", key, body);

        assertThat(response.statusCode()).isEqualTo(200);
        var sent = FAKE.lastRequestFor(FakeOpenAi.MODEL);
        var text = new String(sent.body());
        // only the model is rewritten (an alias here), so every other byte is the client's own
        assertThat(text).isEqualTo(body.replace("\"" + TestPolicies.ALIAS + "\"", "\"" + FakeOpenAi.MODEL + "\""));
        var forwarded = sent.json();
        assertThat(forwarded.path("model").asText()).isEqualTo(FakeOpenAi.MODEL);
        assertThat(forwarded.path("x_unknown_top").path("keep").asText()).isEqualTo("me");
        assertThat(forwarded.path("messages").path(0).path("x_vendor")).isEqualTo(json(body).path("messages").path(0).path("x_vendor"));
        assertThat(forwarded.path("response_format")).isEqualTo(json(body).path("response_format"));
    }

    @Test
    void forwardsTheClientsBytesUnchangedWhenNothingNeedsRewriting() {
        var key = newKey("chat");
        var body = "{ \"model\" : \"" + FakeOpenAi.MODEL + "\", \"messages\":[{\"role\":\"user\",\"content\":\"spacing kept\"}] }";

        post("/v1/chat/completions", key, body);

        assertThat(new String(FAKE.lastRequestFor(FakeOpenAi.MODEL).body())).isEqualTo(body);
    }

    @Test
    void relaysToolCallsAndPassesToolDefinitionsThrough() {
        var key = newKey("chat");
        var body = """
                {"model":"%s","messages":[{"role":"user","content":"Weather in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
                   "properties":{"city":{"type":"string"}}}}}],"tool_choice":"auto"}""".formatted(FakeOpenAi.MODEL);

        var response = post("/v1/chat/completions", key, body);

        var message = json(response.body()).path("choices").path(0).path("message");
        assertThat(message.path("tool_calls").path(0).path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(json(response.body()).path("choices").path(0).path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(FAKE.lastRequestFor(FakeOpenAi.MODEL).json().path("tools")).isEqualTo(json(body).path("tools"));
    }

    @Test
    void fallsBackToTheNextTargetWhenTheFirstIsUnreachable() {
        var key = newKey("chat");

        var response = post("/v1/chat/completions", key, chat(TestPolicies.FALLBACK));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-warden-route")).hasValue("fake-local/" + FakeOpenAi.MODEL);
        assertThat(FAKE.lastRequestFor(FakeOpenAi.MODEL).header("Authorization")).isNull();
    }

    @Test
    void recordsTheUsageTheUpstreamReported() {
        var key = newKey("usage");

        var response = post("/v1/chat/completions", key, chat(FakeOpenAi.MODEL));

        var id = response.headers().firstValue("x-warden-decision-id").orElseThrow();
        var row = Decisions.awaitRow(jdbc, id);
        assertThat(row.get("tokens_in")).isEqualTo(ChatResponses.PROMPT_TOKENS);
        assertThat(row.get("tokens_out")).isEqualTo(ChatResponses.COMPLETION_TOKENS);
        assertThat(row.get("provider")).isEqualTo("fake");
        assertThat(row.get("status")).isEqualTo(200);
    }
}
