package dev.warden.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streams read on an event loop: the answer at its head, its body pushed as it comes, held back, broken off, and the connection after. */
class LoopUpstreamStreamTests {

    private static final String FIRST = "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n";

    private final NioEventLoopGroup loops = new NioEventLoopGroup(1);
    private final EventLoop loop = loops.next();
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger connections = new AtomicInteger();
    private final ProviderPermits permits = new ProviderPermits();
    private HttpServer server;
    private LoopUpstream upstream;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        var seen = ConcurrentHashMap.<InetSocketAddress>newKeySet();
        // the first event at once, the end once the gate opens
        server.createContext("/stream", exchange -> {
            exchange.getRequestBody().readAllBytes();
            count(seen, exchange.getRemoteAddress());
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(FIRST.getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            awaitGate();
            exchange.getResponseBody().write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        // the end marker at once, HTTP's end (chunked) once the gate opens
        server.createContext("/done-then-gate", exchange -> {
            exchange.getRequestBody().readAllBytes();
            count(seen, exchange.getRemoteAddress());
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write((FIRST + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            awaitGate();
            exchange.close();
        });
        // the whole stream with its length: the end marker comes with HTTP's end
        server.createContext("/fixed", exchange -> {
            exchange.getRequestBody().readAllBytes();
            count(seen, exchange.getRemoteAddress());
            var body = (FIRST + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/unavailable", exchange -> {
            exchange.getRequestBody().readAllBytes();
            var body = "{\"error\":{\"message\":\"overloaded\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(command -> Thread.ofVirtual().start(command));
        server.start();
        upstream = new LoopUpstream(LoopMessages.defaultTls(), permits, provider -> { }, Map::of);
    }

    @AfterEach
    void stop() {
        gate.countDown();
        server.stop(0);
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void answersAtTheHeadPushesTheBodyAsItComesAndKeepsTheConnectionAfterItsEnd() throws Exception {
        var provider = provider(Duration.ofSeconds(5));
        var feed = new SseFeed();
        var call = upstream.send(loop, provider, post(provider, "/stream"), 1024, feed);

        var response = call.answer().get(5, TimeUnit.SECONDS);
        assertThat(response.status()).as("answered before the body's end, which waits for the gate").isEqualTo(200);
        var events = drain(feed);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
        assertThat(events.getFirst().data()).contains("\"a\"");
        assertThat(feed.ended()).isFalse();
        assertThat(permits.inUse(provider.name())).as("the call holds its permit until the body's end").isEqualTo(1);

        gate.countDown();
        await().atMost(Duration.ofSeconds(5)).until(feed::ended);
        assertThat(events).extracting(SseEvent::data).containsExactly(events.getFirst().data(), "[DONE]");
        assertThat(permits.inUse(provider.name())).isZero();
        response.close();

        var again = new SseFeed();
        assertThat(upstream.send(loop, provider, post(provider, "/stream"), 1024, again).answer().get(5, TimeUnit.SECONDS).status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(again::ended);
        assertThat(connections.get()).as("the second stream went on the first's connection").isEqualTo(1);
    }

    @Test
    void readsAnAnswerThatIsNotA2xxWhole() throws Exception {
        var provider = provider(Duration.ofSeconds(5));

        var feed = new SseFeed();
        var response = upstream.send(loop, provider, post(provider, "/unavailable"), 1024, feed).answer().get(5, TimeUnit.SECONDS);

        assertThat(response.status()).isEqualTo(503);
        assertThat(new String(response.readBody(1024), StandardCharsets.UTF_8)).contains("overloaded");
        assertThat(feed.poll()).as("nothing pushed").isNull();
        assertThat(feed.ended()).isFalse();
    }

    @Test
    void theReadLimitBreaksOffAStreamThatFallsSilentButNotOneHeldBack() throws Exception {
        var provider = provider(Duration.ofMillis(300));

        var broken = new SseFeed();
        upstream.send(loop, provider, post(provider, "/stream"), 1024, broken).answer().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> broken.failure() != null);
        assertThat(broken.failure()).hasMessage("the upstream sent nothing for 300 ms");
        assertThat(permits.inUse(provider.name())).isZero();

        var feed = new SseFeed();
        upstream.send(loop, provider, post(provider, "/stream"), 1024, feed).answer().get(5, TimeUnit.SECONDS);
        loop.submit(feed::pause).get(5, TimeUnit.SECONDS);
        // well past the read limit: a stream held back by its own reader is not silent
        await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(3)).until(() -> feed.failure() == null);
        gate.countDown();
        // the upstream's end now waits in the socket, unread
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !feed.ended() && feed.failure() == null);
        assertThat(feed.failure()).isNull();
        assertThat(feed.ended()).as("nothing is read while held back").isFalse();

        loop.submit(feed::resume).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(feed::ended);
        assertThat(feed.failure()).isNull();
    }

    @Test
    void cancellingMidStreamDropsItsConnectionAndTellsTheReceiverWhy() throws Exception {
        var provider = provider(Duration.ofSeconds(5));
        var feed = new SseFeed();
        var call = upstream.send(loop, provider, post(provider, "/stream"), 1024, feed);
        call.answer().get(5, TimeUnit.SECONDS);

        call.cancel("the total time limit of 1 s");

        await().atMost(Duration.ofSeconds(5)).until(() -> feed.failure() != null);
        assertThat(feed.failure()).hasMessage("the total time limit of 1 s");
        assertThat(permits.inUse(provider.name())).isZero();
        gate.countDown();
        var again = new SseFeed();
        upstream.send(loop, provider, post(provider, "/stream"), 1024, again).answer().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(again::ended);
        assertThat(connections.get()).as("the cancelled stream's connection was not kept").isEqualTo(2);
    }

    @Test
    void aReaderThatClosesTheResponseAtTheEndMarkerLeavesTheConnectionToBeKept() throws Exception {
        var provider = provider(Duration.ofSeconds(5));
        for (var path : List.of("/fixed", "/done-then-gate", "/fixed")) {
            var feed = new SseFeed();
            var response = upstream.send(loop, provider, post(provider, path), 1024, feed).answer().get(5, TimeUnit.SECONDS);
            var closed = closeAtEndMarker(feed, response);
            await().atMost(Duration.ofSeconds(5)).until(closed::isDone);
            if (path.equals("/done-then-gate")) {
                assertThat(permits.inUse(provider.name())).as("the rest of the body is still read").isEqualTo(1);
                gate.countDown();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> permits.inUse(provider.name()) == 0);
        }
        assertThat(connections.get()).as("one connection for the three streams").isEqualTo(1);
    }

    @Test
    void abortingMidStreamDropsTheConnection() throws Exception {
        var provider = provider(Duration.ofSeconds(5));
        var feed = new SseFeed();
        var response = upstream.send(loop, provider, post(provider, "/done-then-gate"), 1024, feed).answer().get(5, TimeUnit.SECONDS);

        response.abort();

        await().atMost(Duration.ofSeconds(5)).until(() -> feed.failure() != null);
        assertThat(permits.inUse(provider.name())).isZero();
        gate.countDown();
        var again = new SseFeed();
        upstream.send(loop, provider, post(provider, "/fixed"), 1024, again).answer().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(again::ended);
        assertThat(connections.get()).isEqualTo(2);
    }

    /** Reads the stream as the relay does, closing the response as the end marker is taken; completes then. */
    private java.util.concurrent.CompletableFuture<Void> closeAtEndMarker(SseFeed feed, UpstreamResponse response)
            throws Exception {
        var closed = new java.util.concurrent.CompletableFuture<Void>();
        loop.submit(() -> {
            Runnable take = () -> {
                for (var event = feed.poll(); event != null; event = feed.poll()) {
                    if (event.data().equals("[DONE]")) {
                        response.close();
                        closed.complete(null);
                    }
                }
            };
            feed.listen(take);
            take.run();
        }).get(5, TimeUnit.SECONDS);
        return closed;
    }

    /** Holds a fake upstream's answer until the test opens the gate (or gives up after 10 s). */
    private void awaitGate() {
        try {
            gate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts a connection the first time a request comes on it. */
    private void count(java.util.Set<InetSocketAddress> seen, InetSocketAddress from) {
        if (seen.add(from)) {
            connections.incrementAndGet();
        }
    }

    /** The feed's events as they are queued, taken on its loop. */
    private List<SseEvent> drain(SseFeed feed) throws Exception {
        var events = new CopyOnWriteArrayList<SseEvent>();
        loop.submit(() -> {
            Runnable take = () -> {
                for (var event = feed.poll(); event != null; event = feed.poll()) {
                    events.add(event);
                }
            };
            feed.listen(take);
            take.run();
        }).get(5, TimeUnit.SECONDS);
        return events;
    }

    private ProviderSpec provider(Duration read) {
        return new ProviderSpec("local", ProviderType.OPENAI, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1"),
                Optional.empty(), Locality.LOCAL, new Timeouts(Duration.ofMillis(500), read)).withMaxConnections(4);
    }

    private static HttpPost post(ProviderSpec provider, String path) {
        var base = provider.baseUrl();
        var post = new HttpPost(URI.create(base.getScheme() + "://" + base.getAuthority() + path));
        post.setEntity(new ByteArrayEntity("{\"stream\":true}".getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON));
        return post;
    }
}
