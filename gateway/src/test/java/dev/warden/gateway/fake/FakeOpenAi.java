package dev.warden.gateway.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local OpenAI API that speaks the real wire format: chat completions (whole and as SSE with a
 * pause between chunks, usage chunk, tool calls) and embeddings. Models whose names start with
 * {@code fake-} misbehave in the way their name says, so that tests can provoke every fault.
 */
public final class FakeOpenAi implements AutoCloseable {

    public static final String MODEL = "gpt-fake";
    /** Answers 500. */
    public static final String FAIL_500 = "fake-fail-500";
    /** Answers 503. */
    public static final String FAIL_503 = "fake-fail-503";
    /** Answers 400 with an OpenAI error naming {@code temperature}. */
    public static final String BAD_REQUEST = "fake-bad-request";
    /** Answers 429 with {@code Retry-After: 7}. */
    public static final String RATE_LIMITED = "fake-rate-limited";
    /** Answers after three seconds. */
    public static final String SLOW = "fake-slow";
    /** Streams one chunk, then waits for {@link #releaseGate()} before the rest; a whole answer waits for it before anything. */
    public static final String GATED = "fake-gated";
    /** Streams two chunks and closes the connection without [DONE]. */
    public static final String CUT = "fake-cut";
    /** Streams as usual, then waits {@link #LINGER} after [DONE] before it ends the response. */
    public static final String LINGERING = "fake-lingering";
    public static final Duration LINGER = Duration.ofMillis(600);

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ConcurrentLinkedDeque<Received> received = new ConcurrentLinkedDeque<>();
    private volatile CountDownLatch gate = new CountDownLatch(1);
    private volatile CountDownLatch gatedStreamEnded = new CountDownLatch(1);

    /** One request as the fake received it. */
    public record Received(String path, Map<String, List<String>> headers, byte[] body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private FakeOpenAi(HttpServer server) {
        this.server = server;
    }

    public static FakeOpenAi start() {
        try {
            var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            var fake = new FakeOpenAi(server);
            server.createContext("/v1/chat/completions", fake::chat);
            server.createContext("/v1/embeddings", fake::embeddings);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The requests received for a model, oldest first. */
    public List<Received> requestsFor(String model) {
        return received.stream().filter(r -> model.equals(r.json().path("model").asText())).toList();
    }

    public Received lastRequestFor(String model) {
        var requests = requestsFor(model);
        if (requests.isEmpty()) {
            throw new AssertionError("the fake upstream received no request for " + model);
        }
        return requests.getLast();
    }

    /** Lets a {@link #GATED} stream continue past its first chunk. */
    public void releaseGate() {
        gate.countDown();
    }

    /** Whether the last {@link #GATED} stream has sent its last byte. */
    public boolean gatedStreamEnded() {
        return gatedStreamEnded.getCount() == 0;
    }

    public void resetGate() {
        gate = new CountDownLatch(1);
        gatedStreamEnded = new CountDownLatch(1);
    }

    private void chat(HttpExchange exchange) throws IOException {
        try (exchange) {
            var request = receive(exchange);
            var body = request.json();
            var model = body.path("model").asText();
            if (answeredWithFault(exchange, model)) {
                return;
            }
            if (body.path("stream").asBoolean(false)) {
                stream(exchange, body, model);
            } else {
                if (model.equals(GATED)) {
                    awaitGate();
                }
                send(exchange, 200, "application/json", ChatResponses.completion(body));
            }
        }
    }

    private void embeddings(HttpExchange exchange) throws IOException {
        try (exchange) {
            var request = receive(exchange);
            var model = request.json().path("model").asText();
            if (!answeredWithFault(exchange, model)) {
                send(exchange, 200, "application/json", ChatResponses.embeddings(request.json()));
            }
        }
    }

    private boolean answeredWithFault(HttpExchange exchange, String model) throws IOException {
        switch (model) {
            case FAIL_500 -> send(exchange, 500, "application/json", error("The upstream exploded.", "server_error", null));
            case FAIL_503 -> send(exchange, 503, "application/json", error("Overloaded, try later.", "server_error", null));
            case BAD_REQUEST -> send(exchange, 400, "application/json",
                    error("temperature must be at most 2", "invalid_request_error", "temperature"));
            case RATE_LIMITED -> {
                exchange.getResponseHeaders().add("Retry-After", "7");
                send(exchange, 429, "application/json", error("Rate limit reached for requests.", "requests", null));
            }
            case SLOW -> {
                pause(3000);
                send(exchange, 200, "application/json", "{}");
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void stream(HttpExchange exchange, JsonNode body, String model) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        var out = exchange.getResponseBody();
        var chunks = ChatResponses.chunks(body);
        for (int i = 0; i < chunks.size(); i++) {
            out.write(("data: " + chunks.get(i) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (model.equals(CUT) && i == 1) {
                return;
            }
            if (model.equals(GATED) && i == 0) {
                awaitGate();
            } else {
                pause(20);
            }
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (model.equals(GATED)) {
            gatedStreamEnded.countDown();
        }
        if (model.equals(LINGERING)) {
            pause(LINGER.toMillis());
        }
    }

    private Received receive(HttpExchange exchange) throws IOException {
        var request = new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                exchange.getRequestBody().readAllBytes());
        received.add(request);
        return request;
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String error(String message, String type, String param) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":"
                + (param == null ? "null" : "\"" + param + "\"") + ",\"code\":null}}";
    }

    private void awaitGate() {
        try {
            if (!gate.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
