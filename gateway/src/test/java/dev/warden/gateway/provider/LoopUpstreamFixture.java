package dev.warden.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.warden.policy.Locality;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.ProviderType;
import dev.warden.policy.Timeouts;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests of {@link LoopUpstream} share: one event loop, a fresh local upstream per test
 * whose paths answer whole, slowly, broken off or as streams, held at a gate the test opens, and
 * the client under test.
 */
abstract class LoopUpstreamFixture {

    static final String ANSWER = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\"}";
    static final String FIRST = "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n";

    final NioEventLoopGroup loops = new NioEventLoopGroup(1);
    final EventLoop loop = loops.next();
    final CountDownLatch gate = new CountDownLatch(1);
    final ProviderPermits permits = new ProviderPermits();
    /** The connections the upstream's requests came on. */
    final AtomicInteger connections = new AtomicInteger();
    /** Requests that reached {@code /slow}, which answers once the gate opens. */
    final AtomicInteger slowArrived = new AtomicInteger();
    volatile Map<String, ProviderSpec> inForce = Map.of();
    HttpServer server;
    LoopUpstream upstream;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        var seen = ConcurrentHashMap.<InetSocketAddress>newKeySet();
        serve(seen, "/", (exchange, request) -> {
            exchange.sendResponseHeaders(200, ANSWER.length());
            exchange.getResponseBody().write(ANSWER.getBytes(StandardCharsets.UTF_8));
        });
        // the request's body and key, echoed, with a status and header a whole answer's relay keeps
        serve(seen, "/v1/chat/completions", (exchange, request) -> {
            var answer = ("{\"echo\":" + new String(request, StandardCharsets.UTF_8) + ",\"auth\":\""
                    + exchange.getRequestHeaders().getFirst("Authorization") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Retry-After", "7");
            exchange.sendResponseHeaders(429, answer.length);
            exchange.getResponseBody().write(answer);
        });
        serve(seen, "/slow", (exchange, request) -> {
            slowArrived.incrementAndGet();
            awaitGate();
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
        });
        serve(seen, "/head-then-gate", (exchange, request) -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().flush();
            awaitGate();
            exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
        });
        serve(seen, "/big", (exchange, request) -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(new byte[4096]);
        });
        // a stream: the first event at once, the end once the gate opens
        serve(seen, "/stream", (exchange, request) -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(FIRST.getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            awaitGate();
            exchange.getResponseBody().write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        });
        // the end marker at once, HTTP's end (chunked) once the gate opens
        serve(seen, "/done-then-gate", (exchange, request) -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write((FIRST + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            awaitGate();
        });
        // the whole stream with its length: the end marker comes with HTTP's end
        serve(seen, "/fixed", (exchange, request) -> {
            var body = (FIRST + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        });
        serve(seen, "/unavailable", (exchange, request) -> {
            var body = "{\"error\":{\"message\":\"overloaded\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
        });
        server.setExecutor(command -> Thread.ofVirtual().start(command));
        server.start();
        upstream = new LoopUpstream(LoopMessages.defaultTls(), permits, provider -> { }, () -> inForce);
    }

    @AfterEach
    void stop() {
        gate.countDown();
        server.stop(0);
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** How a path of the upstream answers a request, given its body. */
    @FunctionalInterface
    private interface Answer {
        void answer(HttpExchange exchange, byte[] request) throws IOException;
    }

    /** A path of the upstream: the request's connection is counted and its body read, and the exchange closed once answered. */
    private void serve(Set<InetSocketAddress> seen, String path, Answer answer) {
        server.createContext(path, exchange -> {
            try (exchange) {
                if (seen.add(exchange.getRemoteAddress())) {
                    connections.incrementAndGet();
                }
                answer.answer(exchange, exchange.getRequestBody().readAllBytes());
            }
        });
    }

    /** Holds an answer until the test opens the gate (or gives up after 10 s). */
    void awaitGate() {
        try {
            gate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The upstream as a provider with a connect limit of 200 ms. */
    ProviderSpec provider(Duration read, int maxConnections) {
        return provider(Duration.ofMillis(200), read, maxConnections);
    }

    ProviderSpec provider(Duration connect, Duration read, int maxConnections) {
        return new ProviderSpec("local", ProviderType.OPENAI, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1"),
                Optional.empty(), Locality.LOCAL, new Timeouts(connect, read)).withMaxConnections(maxConnections);
    }

    static HttpPost post(ProviderSpec provider, String path, String body) {
        var base = provider.baseUrl();
        var post = new HttpPost(URI.create(base.getScheme() + "://" + base.getAuthority() + path));
        post.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON));
        return post;
    }

    /** A whole answer from the provider's {@code /}. */
    UpstreamResponse call(ProviderSpec provider) throws Exception {
        return upstream.send(loop, provider, post(provider, "/", "{}"), 1024).answer().get(5, TimeUnit.SECONDS);
    }

    static void assertFailure(CompletableFuture<UpstreamResponse> answer, UpstreamFailure.Kind kind, String message) {
        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(UpstreamFailure.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(kind);
                    assertThat(failure.getMessage()).startsWith(message);
                });
    }
}
