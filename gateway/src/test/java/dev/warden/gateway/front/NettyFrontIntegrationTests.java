package dev.warden.gateway.front;

import static dev.warden.gateway.front.RawHttp.rawGet;
import static dev.warden.gateway.front.RawHttp.rawPost;
import static dev.warden.gateway.front.RawHttp.writeChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.gateway.OnTheFront;
import dev.warden.gateway.TestPolicies;
import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.fake.FakeOpenAi;
import dev.warden.gateway.front.RawHttp.Answer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

/**
 * What the event-loop front does of its own, over raw connections: the servlet side kept off the
 * public address, requests on one connection answered in order, bodies over the limit refused in
 * the client's shape and recorded, and bad HTTP refused. The gateway's behaviour through the front
 * is held by the rest of the suite, which runs on the front by default (CI runs it on Tomcat too);
 * a client that leaves while the front waits on its upstream, by {@link ClientGoneOnTheFrontIntegrationTests}.
 */
@OnTheFront
class NettyFrontIntegrationTests extends WardenIntegrationTest {

    private static final String CHAT = "{\"model\":\"" + FakeOpenAi.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Autowired
    private ServletWebServerApplicationContext context;

    @Autowired
    private MeterRegistry meters;

    @Test
    void servesAnswersAndStreamsOnTheLoopAndLeavesWhatMayBlockToAWorkerSayingWhy() {
        var whole = post("/v1/chat/completions", newKey("looper"), CHAT);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(json(whole.body()).path("object").asText()).isEqualTo("chat.completion");
        assertThat(awaitRecord(whole.headers().firstValue("x-warden-decision-id").orElseThrow()).get("status")).isEqualTo(200);
        var loop = served("loop", "none");
        var target = served("worker", "target");
        var lease = served("loop", "lease");

        var onTheLoop = post("/v1/chat/completions", newKey("looper"), CHAT);
        assertThat(onTheLoop.statusCode()).isEqualTo(200);
        assertThat(served("loop", "none")).as("a whole answer from a plain-HTTP target").isEqualTo(loop + 1);
        var record = awaitRecord(onTheLoop.headers().firstValue("x-warden-decision-id").orElseThrow());
        assertThat(record.get("provider")).isEqualTo("fake");
        // settled before the record is written, as on a worker: the upstream's usage at the model's price
        assertThat(new java.math.BigDecimal(record.get("cost_usd").toString())).isEqualByComparingTo("0.025");

        // Anthropic's surface too: its whole answer is translated back to a message on the loop
        var message = post("/v1/messages", newKey("looper"), CHAT.replace("{\"model\"", "{\"max_tokens\":50,\"model\""));
        assertThat(message.statusCode()).isEqualTo(200);
        assertThat(json(message.body()).path("type").asText()).isEqualTo("message");
        assertThat(served("loop", "none")).as("a whole message").isEqualTo(loop + 2);
        loop += 1;

        // an OpenAI stream to an OpenAI client is relayed event by event on the loop too
        var streamed = post("/v1/chat/completions", newKey("looper"), CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""));
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body()).contains("\"chat.completion.chunk\"").endsWith("data: [DONE]\n\n");
        assertThat(served("loop", "none")).as("an OpenAI stream").isEqualTo(loop + 2);
        assertThat(awaitRecord(streamed.headers().firstValue("x-warden-decision-id").orElseThrow()).get("status")).isEqualTo(200);
        loop += 1;

        // and one whose events are translated (here to Anthropic's), chunk by chunk through the surface's encoder
        var translated = post("/v1/messages", newKey("looper"),
                CHAT.replace("{\"model\"", "{\"stream\":true,\"max_tokens\":50,\"model\""));
        assertThat(translated.statusCode()).isEqualTo(200);
        assertThat(translated.body()).contains("event: message_start", "event: content_block_delta", "event: message_stop")
                .doesNotContain("event: error");
        assertThat(served("loop", "none")).as("a translated stream").isEqualTo(loop + 2);
        assertThat(awaitRecord(translated.headers().firstValue("x-warden-decision-id").orElseThrow()).get("status")).isEqualTo(200);
        loop += 1;

        assertThat(post("/v1/embeddings", newKey("looper"), "{\"model\":\"" + TestPolicies.LOCAL_EMBEDDING + "\",\"input\":\"hi\"}")
                .statusCode()).isEqualTo(200);
        assertThat(served("worker", "target")).as("a model in this process").isEqualTo(target + 1);

        // the first request under a limit finds its team's lease empty: the refill waits for the database on a
        // worker, and the request comes back to the loop to be sent and relayed there, with its limits reported
        var limited = post("/v1/chat/completions", newKey("limited"), CHAT);
        assertThat(limited.statusCode()).isEqualTo(200);
        assertThat(json(limited.body()).path("object").asText()).isEqualTo("chat.completion");
        assertThat(limited.headers().firstValue("x-ratelimit-limit-requests")).isPresent();
        assertThat(served("loop", "lease")).as("a lease refilled on a worker").isEqualTo(lease + 1);
        assertThat(served("loop", "none")).isEqualTo(loop + 1);
        var limitedRecord = awaitRecord(limited.headers().firstValue("x-warden-decision-id").orElseThrow());
        assertThat(limitedRecord.get("status")).isEqualTo(200);
        assertThat(new java.math.BigDecimal(limitedRecord.get("cost_usd").toString())).isEqualByComparingTo("0.025");
    }

    private double served(String on, String why) {
        return meters.get("warden.gateway.loop.requests").tags("on", on, "why", why).counter().count();
    }

    @Test
    void theServletSideListensOnALoopbackPortOfItsOwn() {
        var connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();

        assertThat(connector.getProperty("address")).isEqualTo(InetAddress.getLoopbackAddress());
        assertThat(publicPort()).isNotEqualTo(port);
    }

    @Test
    void answersPipelinedRequestsOnOneConnectionInTheOrderTheyCame() throws IOException {
        var key = newKey("pipeliner");
        try (var socket = connect()) {
            var out = socket.getOutputStream();
            // Three requests in one write: a model request, one the servlet side answers, and one refused.
            out.write((rawPost("/v1/chat/completions", key, CHAT) + rawGet("/actuator/health/liveness")
                    + rawPost("/v1/chat/completions", null, CHAT)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            var in = new BufferedInputStream(socket.getInputStream());

            var first = Answer.read(in);
            var second = Answer.read(in);
            var third = Answer.read(in);

            assertThat(first.status()).isEqualTo(200);
            assertThat(json(first.body()).path("object").asText()).isEqualTo("chat.completion");
            assertThat(second.status()).isEqualTo(200);
            assertThat(json(second.body()).path("status").asText()).isEqualTo("UP");
            assertThat(third.status()).isEqualTo(401);
            assertThat(json(third.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
        }
    }

    @Test
    void keepsAConnectionOpenForManyRequests() throws IOException {
        var key = newKey("keeper");
        try (var socket = connect()) {
            var in = new BufferedInputStream(socket.getInputStream());
            for (int i = 1; i <= 150; i++) {
                socket.getOutputStream().write((i % 2 == 0 ? rawGet("/v1/models", key) : rawPost("/v1/chat/completions", key, CHAT))
                        .getBytes(StandardCharsets.UTF_8));
                var answer = Answer.read(in);

                assertThat(answer.status()).as("request %d", i).isEqualTo(200);
                assertThat(answer.header("connection")).as("request %d", i).isNotEqualTo("close");
            }
        }
    }

    @Test
    void refusesAChunkedBodyOverTheLimitInTheClientsShapeRecordsItAndKeepsTheConnection() throws IOException {
        var key = newKey("oversized");
        try (var socket = connect()) {
            var out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: warden\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            var chunk = "x".repeat(64 * 1024);
            var in = new BufferedInputStream(socket.getInputStream());
            // 1 MB is the limit here: the answer comes once it is passed, before the body ends.
            for (int i = 0; i < 17; i++) {
                writeChunk(out, chunk);
            }

            var answer = Answer.read(in);

            assertThat(answer.status()).isEqualTo(413);
            assertThat(json(answer.body()).path("error").path("code").asText()).isEqualTo("request_too_large");
            assertThat(answer.header("connection")).isNull();
            var record = awaitRecord(answer.header("x-warden-decision-id"));
            assertThat(record.get("status")).isEqualTo(413);
            assertThat(record.get("team")).isEqualTo("oversized");

            // The rest of the body is dropped as it comes, and the connection carries the next request.
            for (int i = 0; i < 4; i++) {
                writeChunk(out, chunk);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(rawPost("/v1/chat/completions", key, CHAT).getBytes(StandardCharsets.UTF_8));
            assertThat(Answer.read(in).status()).isEqualTo(200);
        }
    }

    @Test
    void refusesARequestWithoutAValidKeyBeforeReadingItsBodyAndKeepsTheConnection() throws IOException {
        var body = "{\"model\":\"" + FakeOpenAi.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(200_000) + "\"}]}";
        try (var socket = connect()) {
            var out = socket.getOutputStream();
            var in = new BufferedInputStream(socket.getInputStream());
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: warden\r\nAuthorization: Bearer wk-not-a-key\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 1000))
                    .getBytes(StandardCharsets.US_ASCII));

            // Answered with most of the body still unsent: it was not waited for.
            var refused = Answer.read(in);

            assertThat(refused.status()).isEqualTo(401);
            assertThat(json(refused.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
            assertThat(awaitRecord(refused.header("x-warden-decision-id")).get("status")).isEqualTo(401);

            out.write((body.substring(1000) + rawPost("/v1/chat/completions", newKey("after-refusal"), CHAT))
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(Answer.read(in).status()).isEqualTo(200);
        }
    }

    @Test
    void refusesABodyDeclaredOverTheLimitBeforeItIsSentWhenTheClientWaitsToBeToldToSendIt() throws IOException {
        var key = newKey("expectant");
        try (var socket = connect()) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: warden\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));

            var answer = Answer.read(new BufferedInputStream(socket.getInputStream()));

            assertThat(answer.status()).isEqualTo(413);
            assertThat(json(answer.body()).path("error").path("code").asText()).isEqualTo("request_too_large");
            assertThat(awaitRecord(answer.header("x-warden-decision-id")).get("team")).isEqualTo("expectant");
        }
    }

    @Test
    void leavesAPathItCannotReadToTheServletSide() throws IOException {
        try (var socket = connect()) {
            socket.getOutputStream().write(rawPost("/v1/chat/%zz", null, CHAT).getBytes(StandardCharsets.UTF_8));

            var answer = Answer.read(new BufferedInputStream(socket.getInputStream()));

            assertThat(answer.status()).isEqualTo(400);
        }
    }

    @Test
    void answersAnHttp10ClientAndEndsTheAnswerWithTheConnection() throws IOException {
        var key = newKey("old-client");
        try (var socket = connect()) {
            socket.getOutputStream().write(rawPost("/v1/chat/completions", key, CHAT).replace("HTTP/1.1", "HTTP/1.0")
                    .getBytes(StandardCharsets.UTF_8));
            var in = new BufferedInputStream(socket.getInputStream());

            var answer = Answer.read(in);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("transfer-encoding")).isNull();
            assertThat(json(answer.body()).path("object").asText()).isEqualTo("chat.completion");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void refusesARequestThatIsNotHttpAndClosesTheConnection() throws IOException {
        try (var socket = connect()) {
            socket.getOutputStream().write("this is not http\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            var in = new BufferedInputStream(socket.getInputStream());

            var answer = Answer.read(in);

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.header("connection")).isEqualTo("close");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void aRequestTheServletSideServesIsRecordedOnceThere() throws IOException {
        var key = newKey("lister");
        try (var socket = connect()) {
            socket.getOutputStream().write(rawGet("/v1/models", key).getBytes(StandardCharsets.UTF_8));
            var answer = Answer.read(new BufferedInputStream(socket.getInputStream()));

            assertThat(answer.status()).isEqualTo(200);
            var id = answer.header("x-warden-decision-id");
            assertThat(awaitRecord(id).get("endpoint")).isEqualTo("/v1/models");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM decisions WHERE id = ?", Long.class, UUID.fromString(id))).isEqualTo(1);
        }
    }

    private Map<String, Object> awaitRecord(String id) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> jdbc.queryForList("SELECT * FROM decisions WHERE id = ?", UUID.fromString(id)),
                rows -> rows.size() == 1).getFirst();
    }

    private Socket connect() throws IOException {
        return RawHttp.connect(publicPort());
    }
}
