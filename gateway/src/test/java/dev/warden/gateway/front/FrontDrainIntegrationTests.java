package dev.warden.gateway.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.decisionlog.GatewayProcess;
import dev.warden.gateway.fake.FakeOpenAi;
import dev.warden.gateway.fake.OneRouteBundle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A gateway stopped with SIGTERM while one connection is idle between requests, another is in a
 * request with a second one pipelined behind it, and a third is sending its request's body: the
 * idle one is closed at once, not when the drain ends, so that its client does not send a request
 * into a connection about to be cut; every request already sent is answered, the last on each
 * connection saying {@code Connection: close}, and the connections close after their answers.
 */
class FrontDrainIntegrationTests {

    /** Shorter than the fake upstream's own 10 s wait for its gate, after which the drain would end anyway. */
    private static final int IDLE_CLOSED_WITHIN_MS = 8_000;

    @Test
    void closesIdleConnectionsAtOnceAndAnswersEveryRequestAlreadySentThenCloses() throws Exception {
        try (var upstream = FakeOpenAi.start()) {
            var dataDir = Files.createTempDirectory("warden-front-drain");
            var policies = OneRouteBundle.write(dataDir.resolve("policies"), upstream.baseUrl(), FakeOpenAi.GATED, "");
            // On the front whatever the environment says: CI's second pass sets WARDEN_SERVER_FRONT=tomcat.
            var gateway = GatewayProcess.start(dataDir, policies, null, Map.of("WARDEN_SERVER_FRONT", "netty"), List.of());
            var created = gateway.send(gateway.request("/admin/api/keys").header("Authorization", "Bearer " + GatewayProcess.ADMIN_TOKEN)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"t\",\"name\":\"k\"}")));
            var key = new ObjectMapper().readTree(created.body()).path("key").asText();
            int port = URI.create(gateway.url("/")).getPort();
            try (var idle = new Socket("127.0.0.1", port); var busy = new Socket("127.0.0.1", port);
                 var uploading = new Socket("127.0.0.1", port)) {
                idle.setSoTimeout(IDLE_CLOSED_WITHIN_MS);
                busy.setSoTimeout(30_000);
                uploading.setSoTimeout(30_000);
                send(idle, "GET /actuator/health/readiness HTTP/1.1\r\nHost: warden\r\n\r\n");
                var ready = Response.read(idle.getInputStream());
                assertThat(ready.head()).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("connection: close");

                var chat = "{\"model\":\"" + FakeOpenAi.GATED + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                var post = "POST /v1/chat/completions HTTP/1.1\r\nHost: warden\r\nAuthorization: Bearer " + key
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + chat.length() + "\r\n\r\n";
                // the first held at the upstream's gate, the second read and held behind it
                send(busy, post + chat + post + chat);
                await().atMost(Duration.ofSeconds(10)).until(() -> !upstream.requestsFor(FakeOpenAi.GATED).isEmpty());
                int half = chat.length() / 2;
                send(uploading, post + chat.substring(0, half));

                var stopped = CompletableFuture.supplyAsync(() -> {
                    try {
                        return gateway.terminate();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                // Closed while the other request is still held at the upstream, so before the drain ends.
                assertThat(idle.getInputStream().read()).as("the idle connection is closed").isEqualTo(-1);
                send(uploading, chat.substring(half));

                upstream.releaseGate();
                var first = Response.read(busy.getInputStream());
                assertThat(first.head()).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("connection: close");
                var pipelined = Response.read(busy.getInputStream());
                assertThat(pipelined.head()).as("the request held behind it is answered too")
                        .startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close");
                assertThat(pipelined.body()).contains("chat.completion");
                assertThat(busy.getInputStream().read()).as("closed after its answers").isEqualTo(-1);
                var uploaded = Response.read(uploading.getInputStream());
                assertThat(uploaded.head()).as("the request being sent as the stop began").startsWith("HTTP/1.1 200")
                        .containsIgnoringCase("connection: close");
                assertThat(uploading.getInputStream().read()).isEqualTo(-1);
                assertThat(stopped.get(60, TimeUnit.SECONDS)).isIn(0, 143);
            }
        }
    }

    private static void send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** One HTTP/1.1 response read off a socket: its head, and its body by its length or its chunks. */
    private record Response(String head, String body) {

        static Response read(InputStream in) throws IOException {
            var head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    throw new IOException("the connection closed in the response's head: " + head);
                }
                head.write(next);
            }
            var text = head.toString(StandardCharsets.ISO_8859_1);
            var lower = text.toLowerCase();
            if (lower.contains("transfer-encoding: chunked")) {
                var body = new ByteArrayOutputStream();
                for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                    body.write(in.readNBytes(size));
                    in.readNBytes(2);
                }
                in.readNBytes(2);
                return new Response(text, body.toString(StandardCharsets.UTF_8));
            }
            int at = lower.indexOf("content-length:");
            int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).strip());
            return new Response(text, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }

        private static int chunkSize(InputStream in) throws IOException {
            var line = new StringBuilder();
            for (int next = in.read(); next != '\n'; next = in.read()) {
                if (next < 0) {
                    throw new IOException("the connection closed in a chunk's size");
                }
                line.append((char) next);
            }
            return Integer.parseInt(line.toString().strip(), 16);
        }
    }
}
