package dev.warden.gateway.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.fake.FakeProvider.Format;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every fault, provoked by its model name, against every format. */
class FakeProviderFaultTests {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private FakeProvider fake;

    @AfterEach
    void stopFake() {
        if (fake != null) {
            fake.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void rateLimitsWithRetryAfterInTheFormatsErrorShape(Format format) throws Exception {
        fake = FakeProvider.start(format);

        var response = send(ProviderCall.chat(format, Faults.RATE_LIMITED, true, false));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("1");
        assertErrorShape(format, response, 429);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void failsWith500And503InTheFormatsErrorShape(Format format) throws Exception {
        fake = FakeProvider.start(format);

        var failed = send(ProviderCall.chat(format, Faults.SERVER_ERROR, false, false));
        var unavailable = send(ProviderCall.chat(format, Faults.UNAVAILABLE, true, false));

        assertErrorShape(format, failed, 500);
        assertErrorShape(format, unavailable, 503);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void resetsAStreamAfterTwoEvents(Format format) throws Exception {
        fake = FakeProvider.start(format);
        var response = client.send(request(ProviderCall.chat(format, Faults.RESET, true, false)), BodyHandlers.ofInputStream());
        var received = new ByteArrayOutputStream();

        assertThatThrownBy(() -> {
            try (var body = response.body()) {
                body.transferTo(received);
            }
        }).isInstanceOf(IOException.class);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(WireReading.events(received.toString(StandardCharsets.UTF_8))).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void resetsAWholeAnswerBeforeAnyByte(Format format) {
        fake = FakeProvider.start(format);

        assertThatThrownBy(() -> send(ProviderCall.chat(format, Faults.RESET, false, false))).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void staysSilentForThreeSecondsBeforeTheFirstByte(Format format) {
        fake = FakeProvider.start(format);
        var call = ProviderCall.chat(format, Faults.SLOW_FIRST_BYTE, true, false);
        var impatient = HttpRequest.newBuilder(request(call), (name, value) -> true).timeout(Duration.ofSeconds(1)).build();

        assertThatThrownBy(() -> client.send(impatient, BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);

        await().atMost(Duration.ofSeconds(3)).until(() -> fake.clientDisconnected(Faults.SLOW_FIRST_BYTE));
    }

    @Test
    void answersNormallyAfterTheSlowFirstByte() throws Exception {
        fake = FakeProvider.start(Format.OPENAI);
        long start = System.nanoTime();

        var response = send(ProviderCall.chat(Format.OPENAI, Faults.SLOW_FIRST_BYTE, false, false));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(WireReading.text(Format.OPENAI, FakeProvider.parse(response.body()))).isEqualTo("Hello from the fake");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void stallsAStreamAfterTwoEventsUntilTheClientGoesAway(Format format) throws Exception {
        fake = FakeProvider.start(format);

        try (var raw = RawClient.connect(fake)) {
            raw.send(ProviderCall.chat(format, Faults.STALL, true, false).raw());
            assertThat(raw.readHead().status()).isEqualTo(200);
            assertThat(raw.readChunk()).isNotNull();
            assertThat(raw.readChunk()).isNotNull();
            raw.timeout(300);
            assertThatThrownBy(raw::readChunk).isInstanceOf(SocketTimeoutException.class);
        }

        await().atMost(Duration.ofSeconds(2)).until(() -> fake.clientDisconnected(Faults.STALL));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void stallsAWholeAnswerBeforeAnyByteUntilTheClientGoesAway(Format format) throws Exception {
        fake = FakeProvider.start(format);

        try (var raw = RawClient.connect(fake)) {
            raw.send(ProviderCall.chat(format, Faults.STALL, false, false).raw());
            raw.timeout(300);
            assertThatThrownBy(raw::readHead).isInstanceOf(SocketTimeoutException.class);
        }

        await().atMost(Duration.ofSeconds(2)).until(() -> fake.clientDisconnected(Faults.STALL));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void answersMalformedJsonWholeOrAsTheSecondEvent(Format format) throws Exception {
        fake = FakeProvider.start(format);

        var whole = send(ProviderCall.chat(format, Faults.MALFORMED, false, false));
        var stream = send(ProviderCall.chat(format, Faults.MALFORMED, true, false));

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(WireReading.isJson(whole.body())).isFalse();
        var events = WireReading.events(stream.body());
        assertThat(WireReading.isJson(events.get(1).data())).isFalse();
        assertThat(events.subList(2, events.size())).isNotEmpty();
        assertThat(WireReading.isJson(events.getFirst().data())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void truncatesAStreamCleanlyWithoutTheEndMarker(Format format) throws Exception {
        fake = FakeProvider.start(format);

        var response = send(ProviderCall.chat(format, Faults.TRUNCATED, true, false));

        var events = WireReading.events(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(events).hasSize(2);
        assertThat(WireReading.hasEndMarker(format, events)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void truncatesAWholeAnswerShortOfItsContentLength(Format format) {
        fake = FakeProvider.start(format);

        assertThatThrownBy(() -> send(ProviderCall.chat(format, Faults.TRUNCATED, false, false)))
                .isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void failsAFlakyModelTheNamedNumberOfTimesUntilCleared(Format format) throws Exception {
        fake = FakeProvider.start(format);
        var flaky = ProviderCall.chat(format, Faults.flaky(2), false, false);

        var statuses = new ArrayList<Integer>();
        for (int i = 0; i < 4; i++) {
            statuses.add(send(flaky).statusCode());
        }
        fake.clear();
        statuses.add(send(flaky).statusCode());

        assertThat(statuses).containsExactly(503, 503, 200, 200, 503);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void holdsAGatedStreamAfterItsFirstEventUntilReleased(Format format) throws Exception {
        fake = FakeProvider.start(format);

        try (var raw = RawClient.connect(fake)) {
            raw.send(ProviderCall.chat(format, Faults.GATED, true, false).raw());
            raw.readHead();
            assertThat(raw.readChunk()).isNotNull();
            raw.timeout(300);
            assertThatThrownBy(raw::readChunk).isInstanceOf(SocketTimeoutException.class);

            fake.releaseGate();

            raw.timeout(5_000);
            var rest = new ArrayList<WireReading.Event>();
            for (var chunk = raw.readChunk(); chunk != null; chunk = raw.readChunk()) {
                rest.add(WireReading.event(chunk));
            }
            assertThat(WireReading.hasEndMarker(format, rest)).isTrue();
        }
        assertThat(fake.clientDisconnected(Faults.GATED)).isFalse();
    }

    @Test
    void listsTheFaultsASuiteRunsAgainstEveryFormat() {
        assertThat(Faults.ALL).hasSize(8).allSatisfy(model -> assertThat(model).startsWith("fault-"));
        assertThat(Faults.flaky(3)).isEqualTo("fault-flaky-3");
        assertThatThrownBy(() -> Faults.flaky(10)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertErrorShape(Format format, HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = FakeProvider.parse(response.body());
        switch (format) {
            case OPENAI -> assertThat(body.path("error").path("type").asText()).isIn("requests", "server_error");
            case AZURE_OPENAI -> assertThat(body.path("error").path("code").asText()).isEqualTo(String.valueOf(status));
            case ANTHROPIC -> {
                assertThat(body.path("type").asText()).isEqualTo("error");
                assertThat(body.path("error").path("type").asText()).isEqualTo(switch (status) {
                    case 429 -> "rate_limit_error";
                    case 500 -> "api_error";
                    default -> "overloaded_error";
                });
            }
            case GEMINI -> {
                assertThat(body.path("error").path("code").asInt()).isEqualTo(status);
                assertThat(body.path("error").path("status").asText())
                        .isEqualTo(status == 429 ? "RESOURCE_EXHAUSTED" : status == 500 ? "INTERNAL" : "UNAVAILABLE");
            }
        }
        assertThat(body.path("error").path("message").asText()).isNotBlank();
    }

    private HttpResponse<String> send(ProviderCall call) throws IOException, InterruptedException {
        return client.send(request(call), BodyHandlers.ofString());
    }

    private HttpRequest request(ProviderCall call) {
        return call.toRequest(fake);
    }
}
