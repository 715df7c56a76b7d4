package dev.warden.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.fake.Faults;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault against every provider type, whole and streamed: what the client sees, and what the
 * decision record says. A failure before the first byte is an error status; after it, the stream
 * ends with an error event and never a clean {@code [DONE]}.
 */
class ProviderFaultsIntegrationTests extends FaultTestSupport {

    /** What a fault looks like to the client: the status, or for a stream that started, the error event's code. */
    record Expected(int status, String streamCode, String outcome) {
    }

    private static final Map<String, Expected> WHOLE = Map.of(
            Faults.RATE_LIMITED, new Expected(429, null, "rejected"),
            Faults.SERVER_ERROR, new Expected(502, null, "failed"),
            Faults.UNAVAILABLE, new Expected(503, null, "failed"),
            Faults.RESET, new Expected(502, null, "failed"),
            Faults.SLOW_FIRST_BYTE, new Expected(504, null, "failed"),
            Faults.STALL, new Expected(504, null, "failed"),
            Faults.MALFORMED, new Expected(502, null, "failed"),
            Faults.TRUNCATED, new Expected(502, null, "failed"));

    private static final Map<String, Expected> STREAMED = Map.of(
            Faults.RATE_LIMITED, new Expected(429, null, "rejected"),
            Faults.SERVER_ERROR, new Expected(502, null, "failed"),
            Faults.UNAVAILABLE, new Expected(503, null, "failed"),
            Faults.RESET, new Expected(200, "upstream_interrupted", "upstream_interrupted"),
            Faults.SLOW_FIRST_BYTE, new Expected(504, null, "failed"),
            Faults.STALL, new Expected(200, "upstream_interrupted", "upstream_interrupted"),
            Faults.MALFORMED, new Expected(200, "upstream_malformed|upstream_error", "upstream_interrupted"),
            Faults.TRUNCATED, new Expected(200, "upstream_truncated", "upstream_interrupted"));

    static Stream<Arguments> cases() {
        var cases = new ArrayList<Arguments>();
        for (var provider : new String[] {"openai", "compatible", "azure", "gemini", "anthropic"}) {
            for (var fault : Faults.ALL) {
                cases.add(Arguments.of(provider, fault, false));
                cases.add(Arguments.of(provider, fault, true));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} stream={2}")
    @MethodSource("cases")
    void showsTheClientAClearOutcomeAndRecordsIt(String provider, String fault, boolean stream) {
        var expected = (stream ? STREAMED : WHOLE).get(fault);

        var response = call(newKey("faults"), provider + "-" + fault, stream);

        assertThat(response.statusCode()).as("status").isEqualTo(expected.status());
        if (expected.streamCode() != null) {
            assertThat(response.body()).doesNotContain("data: [DONE]");
            var lastEvent = lastData(response.body());
            assertThat(json(lastEvent).path("error").path("code").asText()).matches(expected.streamCode());
        } else {
            assertThat(json(response.body()).has("error")).isTrue();
        }
        if (fault.equals(Faults.RATE_LIMITED)) {
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        }
        var record = Decisions.await(jdbc, response.headers().firstValue("x-warden-decision-id").orElseThrow());
        assertThat(record.get("outcome")).isEqualTo(expected.outcome());
        assertThat(record.get("status")).isEqualTo(expected.status());
        assertThat(record.get("attempts").toString()).contains("\"provider\": \"" + provider + "\"", "\"model\": \"" + fault + "\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void saysHowLongAStalledStreamWasSilent(String provider) {
        var response = call(newKey("faults"), provider + "-" + Faults.STALL, true);

        assertThat(json(lastData(response.body())).path("error").path("message").asText())
                .isEqualTo("The upstream stream broke off: the upstream sent nothing for 1000 ms");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void answersNormallyWholeAndStreamed(String provider) {
        var whole = call(newKey("faults"), provider + "-ok", false);
        var streamed = call(newKey("faults"), provider + "-ok", true);

        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        assertThat(json(whole.body()).path("choices").path(0).path("message").path("content").asText()).isEqualTo("Hello from the fake");
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body()).contains("data: [DONE]");
        var record = Decisions.await(jdbc, whole.headers().firstValue("x-warden-decision-id").orElseThrow());
        assertThat(record.get("tokens_in")).isEqualTo(11);
        assertThat(record.get("tokens_out")).isEqualTo(7);
    }

    static Stream<String> providers() {
        return Stream.of("openai", "compatible", "azure", "gemini", "anthropic");
    }

    private HttpResponse<String> call(String key, String route, boolean stream) {
        var body = "{\"model\":\"" + route + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi "
                + UUID.randomUUID() + "\"}]}";
        return send(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions"))).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String lastData(String sse) {
        String last = null;
        for (var line : sse.split("\n")) {
            if (line.startsWith("data: ")) {
                last = line.substring(6);
            }
        }
        return last;
    }
}
