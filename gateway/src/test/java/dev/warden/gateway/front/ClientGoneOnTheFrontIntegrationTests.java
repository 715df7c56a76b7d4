package dev.warden.gateway.front;

import static dev.warden.gateway.front.RawHttp.rawPost;
import static dev.warden.gateway.front.RawHttp.readUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.gateway.OnTheFront;
import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.fake.FakeOpenAi;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * A client that leaves while the event-loop front still waits on its upstream: for the answer, or
 * for a stream's next event. The front learns of it from the connection's close, not from a
 * write, and stops the upstream work at once, which nobody is left to read and a provider bills.
 */
@OnTheFront
class ClientGoneOnTheFrontIntegrationTests extends WardenIntegrationTest {

    @Test
    void cancelsASilentUpstreamAsSoonAsTheClientOfAStreamGoesAway() throws IOException {
        FAKE.resetGate();
        var body = "{\"model\":\"" + FakeOpenAi.GATED + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String id;
        try (var socket = connect()) {
            socket.getOutputStream().write(rawPost("/v1/chat/completions", newKey("leaver"), body).getBytes(StandardCharsets.UTF_8));
            var head = readUntil(socket.getInputStream(), "data: ");
            id = head.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("x-warden-decision-id:"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElseThrow();
        } // the client leaves after the first chunk, while the upstream waits at its gate
        try {
            // recorded before the upstream says anything more (its gate gives up after 10 s)
            var record = await().atMost(Duration.ofSeconds(5)).until(
                    () -> jdbc.queryForList("SELECT * FROM decisions WHERE id = ?", UUID.fromString(id)),
                    rows -> rows.size() == 1).getFirst();
            assertThat(record.get("outcome")).isEqualTo("client_aborted");
            assertThat(record.get("status")).as("the stream's head had left").isEqualTo(200);
            assertThat(FAKE.gatedStreamEnded()).isFalse();
        } finally {
            FAKE.releaseGate();
        }
    }

    @Test
    void aClientGoneBeforeTheAnswerAbandonsTheDispatchWithoutRetryingIt() throws Exception {
        FAKE.resetGate();
        int sentBefore = FAKE.requestsFor(FakeOpenAi.GATED).size();
        int judgedBefore = judgedCalls(FakeOpenAi.GATED);
        var team = "abandoner-" + UUID.randomUUID();
        var body = "{\"model\":\"" + FakeOpenAi.GATED + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (var socket = connect()) {
            socket.getOutputStream().write(rawPost("/v1/chat/completions", newKey(team), body).getBytes(StandardCharsets.UTF_8));
            // the upstream holds the whole answer at its gate
            await().atMost(Duration.ofSeconds(5)).until(() -> FAKE.requestsFor(FakeOpenAi.GATED).size() > sentBefore);
        } // the client leaves before any answer
        try {
            // recorded as the client left, not once the attempt's 1 s read limit has passed and a retry followed
            var record = await().atMost(Duration.ofSeconds(5)).until(
                    () -> jdbc.queryForList("SELECT * FROM decisions WHERE team = ?", team), rows -> rows.size() == 1).getFirst();
            assertThat(record.get("outcome")).isEqualTo("client_aborted");
            assertThat(record.get("status")).as("no status was sent: recorded as nginx logs it").isEqualTo(499);
            var attempts = json(record.get("attempts").toString());
            assertThat(attempts).as("the abandoned call is recorded, and only as that").hasSize(1);
            assertThat(attempts.path(0).path("error").asText()).isEqualTo("abandoned: the client went away");
            // past the read limit and the backoff a retry would have waited for
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                    .until(() -> FAKE.requestsFor(FakeOpenAi.GATED).size() == sentBefore + 1);
            // nor judged: a client gone says nothing of the provider's health, and must not open its circuit
            assertThat(judgedCalls(FakeOpenAi.GATED)).isEqualTo(judgedBefore);
        } finally {
            FAKE.releaseGate();
        }
    }

    /** The calls to the model that its provider's health has counted (the admin API's view of the recent ones). */
    private int judgedCalls(String model) {
        return json(get("/admin/api/providers", adminToken()).body()).findValues("models").stream()
                .flatMap(models -> StreamSupport.stream(models.spliterator(), false))
                .filter(stats -> stats.path("model").asText().equals(model))
                .mapToInt(stats -> stats.path("calls").asInt()).sum();
    }

    private Socket connect() throws IOException {
        return RawHttp.connect(publicPort());
    }
}
