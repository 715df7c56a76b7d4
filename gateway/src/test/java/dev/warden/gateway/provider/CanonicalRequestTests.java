package dev.warden.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.policy.Target;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalRequestTests {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BODY = "{\"model\":\"asked\", \"messages\":[{\"role\":\"user\",\"content\":\"hi\"}], \"stream\":true}";

    @Test
    void sendsTheClientsBytesUnchangedToATargetOfTheSameModel() throws Exception {
        var original = BODY.getBytes(StandardCharsets.UTF_8);
        var request = new CanonicalRequest(tree(BODY), original, true, false, MAPPER);

        assertThat(request.openAiBytes(new Target("openai", "asked"))).isSameAs(original);
    }

    @Test
    void splicesAnotherModelIntoTheClientsBytes() throws Exception {
        var request = new CanonicalRequest(tree(BODY), BODY.getBytes(StandardCharsets.UTF_8), true, false, MAPPER);

        var sent = new String(request.openAiBytes(new Target("openai", "gpt-4o-mini")), StandardCharsets.UTF_8);

        assertThat(sent).isEqualTo(BODY.replace("\"asked\"", "\"gpt-4o-mini\""));
    }

    @Test
    void splicesTheUsageOptionIntoTheClientsBytesWhenAStreamNeedsIt() throws Exception {
        var request = new CanonicalRequest(tree(BODY), BODY.getBytes(StandardCharsets.UTF_8), true, true, MAPPER);

        var sent = new String(request.openAiBytes(new Target("openai", "gpt-4o-mini")), StandardCharsets.UTF_8);

        assertThat(sent).isEqualTo("{\"stream_options\":{\"include_usage\":true}," + BODY.substring(1).replace("\"asked\"", "\"gpt-4o-mini\""));
    }

    @Test
    void writesTheTreeWhenTheUsageOptionMustJoinOtherStreamOptions() throws Exception {
        var body = BODY.replace("\"stream\":true", "\"stream\":true, \"stream_options\":{\"chunk\":1}");
        var request = new CanonicalRequest(tree(body), body.getBytes(StandardCharsets.UTF_8), true, true, MAPPER);

        var sent = MAPPER.readTree(request.openAiBytes(new Target("openai", "gpt-4o-mini")));

        assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(sent.path("stream_options").path("chunk").asInt()).isEqualTo(1);
        assertThat(sent.path("messages")).isEqualTo(tree(BODY).path("messages"));
    }

    @Test
    void sendsTheClientsBytesWhenTheClientAskedForUsageItself() throws Exception {
        var body = BODY.replace("\"stream\":true", "\"stream\":true, \"stream_options\":{\"include_usage\":true}");
        var original = body.getBytes(StandardCharsets.UTF_8);
        var request = new CanonicalRequest(tree(body), original, true, true, MAPPER);

        assertThat(request.openAiBytes(new Target("openai", "asked"))).isSameAs(original);
    }

    @Test
    void writesTheTreeWhenTheBodyWasShaped() throws Exception {
        var shaped = tree(BODY);
        ((ObjectNode) shaped.withArray("messages").get(0)).put("content", "[redacted]");
        var request = new CanonicalRequest(shaped, null, false, false, MAPPER);

        var sent = MAPPER.readTree(request.openAiBytes(new Target("openai", "gpt-4o-mini")));

        assertThat(sent.path("messages").path(0).path("content").asText()).isEqualTo("[redacted]");
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
    }

    private static ObjectNode tree(String json) throws Exception {
        return (ObjectNode) MAPPER.readTree(json);
    }
}
