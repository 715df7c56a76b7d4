package dev.warden.gateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.fake.ChatResponses;
import dev.warden.gateway.fake.FakeOpenAi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingIntegrationTests extends WardenIntegrationTest {

    @Test
    void forwardsEachChunkAsItArrivesRatherThanBufferingTheStream() throws IOException {
        var key = newKey("stream");
        FAKE.resetGate();

        var response = openStream(key, streamingChat(FakeOpenAi.GATED, ""));
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            var first = reader.readLine();

            assertThat(first).startsWith("data: ").contains("\"role\":\"assistant\"");
            assertThat(FAKE.gatedStreamEnded()).isFalse();
            FAKE.releaseGate();
            var rest = readAll(reader);
            assertThat(rest).last().isEqualTo("data: [DONE]");
        }
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("x-warden-decision-id")).isPresent();
        assertThat(response.headers().firstValue("x-warden-route")).hasValue("fake/" + FakeOpenAi.GATED);
    }

    @Test
    void asksForUsageOnTheClientsBehalfButShowsTheClientNoUsage() throws IOException {
        var key = newKey("stream");

        var response = openStream(key, streamingChat(FakeOpenAi.MODEL, ""));
        var lines = readAll(new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8)));

        var events = dataEvents(lines);
        assertThat(events).noneMatch(event -> event.contains("usage"));
        assertThat(events).last().isEqualTo("[DONE]");
        assertThat(String.join("", events.stream().filter(e -> !e.equals("[DONE]"))
                .map(e -> json(e).path("choices").path(0).path("delta").path("content").asText("")).toList()))
                .isEqualTo(String.join("", ChatResponses.STREAMED_WORDS));
        assertThat(FAKE.lastRequestFor(FakeOpenAi.MODEL).json().path("stream_options").path("include_usage").asBoolean()).isTrue();
        var row = Decisions.awaitRow(jdbc, response.headers().firstValue("x-warden-decision-id").orElseThrow());
        assertThat(row.get("tokens_in")).isEqualTo(ChatResponses.PROMPT_TOKENS);
        assertThat(row.get("tokens_out")).isEqualTo(ChatResponses.COMPLETION_TOKENS);
        assertThat(row.get("stream")).isEqualTo(true);
        assertThat((Double) row.get("ttft_ms")).isPositive();
        assertThat(row.get("outcome")).isEqualTo("ok");
    }

    @Test
    void relaysTheUsageChunkWhenTheClientAskedForIt() throws IOException {
        var key = newKey("stream");

        var response = openStream(key, streamingChat(FakeOpenAi.MODEL, ",\"stream_options\":{\"include_usage\":true}"));
        var events = dataEvents(readAll(new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))));

        var usageChunk = json(events.get(events.size() - 2));
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isEqualTo(ChatResponses.COMPLETION_TOKENS);
    }

    @Test
    void streamsToolCallDeltas() throws IOException {
        var key = newKey("stream");
        var tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}]";

        var response = openStream(key, streamingChat(FakeOpenAi.MODEL, tools));
        var events = dataEvents(readAll(new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))));

        var arguments = new StringBuilder();
        events.stream().filter(e -> !e.equals("[DONE]"))
                .map(e -> json(e).path("choices").path(0).path("delta").path("tool_calls").path(0).path("function").path("arguments"))
                .filter(node -> node.isTextual()).forEach(node -> arguments.append(node.asText()));
        assertThat(arguments.toString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(events).anyMatch(e -> e.contains("\"finish_reason\":\"tool_calls\""));
    }

    @Test
    void endsAStreamThatBreaksOffWithAnErrorEventAndRecordsIt() throws IOException {
        var key = newKey("stream");

        var response = openStream(key, streamingChat(FakeOpenAi.CUT, ""));
        var lines = readAll(new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8)));
        var events = dataEvents(lines);

        assertThat(response.statusCode()).as("%s", lines).isEqualTo(200);
        assertThat(events).as("%s", lines).isNotEmpty().doesNotContain("[DONE]");
        var error = json(events.getLast()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("upstream_truncated");
        var row = Decisions.awaitRow(jdbc, response.headers().firstValue("x-warden-decision-id").orElseThrow());
        assertThat(row.get("outcome")).isEqualTo("upstream_interrupted");
        assertThat(row.get("error_type")).isEqualTo("upstream_truncated");
    }

    private HttpResponse<InputStream> openStream(String key, String body) {
        var request = HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String streamingChat(String model, String extra) {
        return "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}";
    }

    private static List<String> readAll(BufferedReader reader) throws IOException {
        var lines = new ArrayList<String>();
        for (var line = reader.readLine(); line != null; line = reader.readLine()) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static List<String> dataEvents(List<String> lines) {
        return lines.stream().filter(line -> line.startsWith("data: ")).map(line -> line.substring(6)).toList();
    }
}
