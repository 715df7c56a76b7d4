package dev.warden.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whole answers fetched on an event loop: what comes back, how failures are told, and how connections are kept and bounded. */
class LoopUpstreamTests {

    private static final String ANSWER = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\"}";

    private final NioEventLoopGroup loops = new NioEventLoopGroup(1);
    private final EventLoop loop = loops.next();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch gate = new CountDownLatch(1);
    private final ProviderPermits permits = new ProviderPermits();
    /** Requests that reached {@code /slow}, which answers once the gate opens. */
    private final AtomicInteger slowArrived = new AtomicInteger();
    private volatile java.util.Map<String, ProviderSpec> inForce = java.util.Map.of();
    private HttpServer server;
    private LoopUpstream upstream;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/v1/chat/completions", exchange -> {
            var body = exchange.getRequestBody().readAllBytes();
            var answer = ("{\"echo\":" + new String(body, StandardCharsets.UTF_8) + ",\"auth\":\""
                    + exchange.getRequestHeaders().getFirst("Authorization") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Retry-After", "7");
            exchange.sendResponseHeaders(429, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            slowArrived.incrementAndGet();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        server.createContext("/head-then-gate", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().flush();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        server.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(new byte[4096]);
            exchange.close();
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

    @Test
    void sendsTheAdaptersRequestAndHandsBackTheWholeAnswerWithItsStatusAndHeaders() throws Exception {
        var post = post(provider(Duration.ofSeconds(2), 4), "/v1/chat/completions", "{\"model\":\"m\"}");
        post.setHeader("Authorization", "Bearer upstream-key");

        var response = upstream.send(loop, provider(Duration.ofSeconds(2), 4), post, 1024).answer().get(5, TimeUnit.SECONDS);

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("Retry-After")).isEqualTo("7");
        assertThat(new String(response.readBody(1024), StandardCharsets.UTF_8))
                .isEqualTo("{\"echo\":{\"model\":\"m\"},\"auth\":\"Bearer upstream-key\"}");
    }

    @Test
    void keepsTheConnectionForTheNextCallOnTheSameLoop() throws Exception {
        var provider = provider(Duration.ofSeconds(2), 4);
        var counting = countingServer();
        try {
            for (int i = 0; i < 5; i++) {
                var response = upstream.send(loop, provider(counting, provider), post(provider(counting, provider), "/", "{}"), 1024)
                        .answer().get(5, TimeUnit.SECONDS);
                assertThat(response.status()).isEqualTo(200);
            }
            assertThat(connections.get()).isEqualTo(1);
        } finally {
            counting.stop(0);
        }
    }

    @Test
    void aConnectionKeptIdleOnAnotherLoopIsClosedForACallThatNeedsItsPlaceWhicheverLoopKeepsIt() throws Exception {
        var provider = provider(Duration.ofSeconds(2), 1);
        var others = new NioEventLoopGroup(3);
        var counting = countingServer();
        try {
            var there = provider(counting, provider);
            // the one connection moves from loop to loop, so that every loop has kept it once and one keeps it now
            for (var each : others) {
                assertThat(upstream.send((EventLoop) each, there, post(there, "/", "{}"), 1024).answer().get(5, TimeUnit.SECONDS)
                        .status()).isEqualTo(200);
            }

            var answer = upstream.send(loop, there, post(there, "/", "{}"), 1024).answer().get(5, TimeUnit.SECONDS);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(connections.get()).isEqualTo(4);
        } finally {
            counting.stop(0);
            others.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void closesTheKeptConnectionsOfAProviderANewPolicyEditsAndKeepsThoseOfOneItDoesNot() throws Exception {
        var counting = countingServer();
        try {
            var kept = provider(counting, provider(Duration.ofSeconds(2), 4));
            inForce = java.util.Map.of(kept.name(), kept);
            call(kept);
            upstream.retireSuperseded();
            call(kept);
            assertThat(connections.get()).as("a policy that leaves the provider as it was").isEqualTo(1);

            var edited = kept.withMaxConnections(9);
            inForce = java.util.Map.of(edited.name(), edited);
            upstream.retireSuperseded();
            call(edited);
            assertThat(connections.get()).as("a policy that edits it").isEqualTo(2);
        } finally {
            counting.stop(0);
        }
    }

    @Test
    void anAnswerThatBreaksOffAfterItsHeadIsHandedOverWithABodyThatFailsAsItIsRead() throws Exception {
        try (var raw = rawServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\":")) {
            var response = call(raw.provider());

            assertThat(response.status()).isEqualTo(200);
            assertThatThrownBy(() -> response.readBody(1024)).isInstanceOf(IOException.class)
                    .hasMessageContaining("the connection closed before the answer was whole");
        }
    }

    @Test
    void anAnswerThatIsNotHttpFailsTheCallAsBroken() throws Exception {
        try (var raw = rawServer("SMTP ready\r\n\r\n")) {
            var answer = upstream.send(loop, raw.provider(), post(raw.provider(), "/", "{}"), 1024).answer();

            assertFailure(answer, UpstreamFailure.Kind.BROKEN, "provider 'raw' failed: the upstream's answer is not HTTP");
        }
    }

    @Test
    void looksUpAHostNameOffTheLoop() throws Exception {
        var byName = new ProviderSpec("named", ProviderType.OPENAI, URI.create("http://localhost:" + server.getAddress().getPort() + "/v1"),
                Optional.empty(), Locality.LOCAL, new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)));

        assertThat(upstream.send(loop, byName, post(byName, "/v1/chat/completions", "{}"), 1024).answer().get(5, TimeUnit.SECONDS)
                .status()).isEqualTo(429);
    }

    @Test
    void callsAProviderOverTlsCheckingTheCertificatesNameAgainstTheHost(@TempDir Path keys) throws Exception {
        var store = keys.resolve("localhost.p12");
        var keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "secret", "-keypass", "secret")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        var keyStore = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keyStore.load(in, "secret".toCharArray());
        }
        var keyManagers = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, "secret".toCharArray());
        var serverTls = javax.net.ssl.SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        var trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore);
        var clientTls = javax.net.ssl.SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);
        var https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(serverTls));
        https.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, ANSWER.length());
            exchange.getResponseBody().write(ANSWER.getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        https.setExecutor(command -> Thread.ofVirtual().start(command));
        https.start();
        try {
            var overTls = new LoopUpstream(new io.netty.handler.ssl.JdkSslContext(clientTls, true, io.netty.handler.ssl.ClientAuth.NONE),
                    new ProviderPermits(), provider -> { }, () -> inForce);
            int port = https.getAddress().getPort();
            var named = tlsProvider("https://localhost:" + port);
            var byAddress = tlsProvider("https://127.0.0.1:" + port);

            var answered = overTls.send(loop, named, post(named, "/", "{}"), 1024).answer().get(5, TimeUnit.SECONDS);
            var refused = overTls.send(loop, byAddress, post(byAddress, "/", "{}"), 1024).answer();

            assertThat(answered.status()).isEqualTo(200);
            assertThat(new String(answered.readBody(1024), StandardCharsets.UTF_8)).isEqualTo(ANSWER);
            // the certificate names localhost, not the address: the handshake fails as the blocking client's would
            assertFailure(refused, UpstreamFailure.Kind.BROKEN, "provider 'tls' failed: ");
            assertThat(LoopUpstream.serves(named)).isTrue();
        } finally {
            https.stop(0);
        }
    }

    private static ProviderSpec tlsProvider(String url) {
        return new ProviderSpec("tls", ProviderType.OPENAI, URI.create(url), Optional.empty(), Locality.LOCAL,
                new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
    }

    /** A server that reads one request per connection, writes {@code answer} and closes it. */
    private record RawServer(ServerSocket socket, ProviderSpec provider) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private RawServer rawServer(String answer) throws IOException {
        var socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try (var accepted = socket.accept()) {
                    readRequest(new java.io.BufferedInputStream(accepted.getInputStream()));
                    accepted.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                    accepted.getOutputStream().flush();
                } catch (IOException closed) {
                    // the server is closed, or the client went away
                }
            }
        });
        return new RawServer(socket, new ProviderSpec("raw", ProviderType.OPENAI, URI.create("http://127.0.0.1:" + socket.getLocalPort()),
                Optional.empty(), Locality.LOCAL, new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2))));
    }

    /** Reads one request with a Content-Length body; false at the end of the stream. */
    private static boolean readRequest(java.io.BufferedInputStream in) throws IOException {
        var head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        if (b < 0) {
            return false;
        }
        var length = head.toString().lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring(15).trim())).findFirst().orElse(0);
        in.readNBytes(length);
        return true;
    }

    private UpstreamResponse call(ProviderSpec provider) throws Exception {
        return upstream.send(loop, provider, post(provider, "/", "{}"), 1024).answer().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aRefusedConnectionFailsAsUnreachable() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        var provider = new ProviderSpec("gone", ProviderType.OPENAI, URI.create("http://127.0.0.1:" + closedPort + "/v1"),
                Optional.empty(), Locality.LOCAL, new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)));

        var answer = upstream.send(loop, provider, post(provider, "/v1/chat/completions", "{}"), 1024).answer();

        assertFailure(answer, UpstreamFailure.Kind.UNREACHABLE, "provider 'gone' is unreachable: ");
    }

    @Test
    void anUpstreamSilentForTheReadLimitFailsAsATimeoutSayingForHowLong() throws Exception {
        var provider = provider(Duration.ofMillis(300), 4);

        var answer = upstream.send(loop, provider, post(provider, "/slow", "{}"), 1024).answer();

        assertFailure(answer, UpstreamFailure.Kind.TIMEOUT, "provider 'local' timed out: the upstream sent nothing for 300 ms");
    }

    @Test
    void anAnswerOverTheSizeLimitFailsWhenItsBodyIsRead() throws Exception {
        var provider = provider(Duration.ofSeconds(2), 4);

        var response = upstream.send(loop, provider, post(provider, "/big", "{}"), 1024).answer().get(5, TimeUnit.SECONDS);

        assertThat(response.status()).isEqualTo(200);
        assertThatThrownBy(() -> response.readBody(1024)).isInstanceOf(UpstreamFailure.class)
                .hasMessage("the upstream response exceeds 1024 bytes");
    }

    @Test
    void aCallBeyondTheProvidersConnectionsWaitsTheConnectLimitAndSaysWhichBound() throws Exception {
        var provider = provider(Duration.ofSeconds(5), 1).withMaxConnections(1);
        var holding = upstream.send(loop, provider, post(provider, "/slow", "{}"), 1024).answer();

        var beyond = upstream.send(loop, provider, post(provider, "/v1/chat/completions", "{}"), 1024).answer();

        assertFailure(beyond, UpstreamFailure.Kind.UNREACHABLE,
                "provider 'local' has all 1 of its connections (maxConnections) in use, and none came free within 200 ms");
        gate.countDown();
        assertThat(holding.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        // the freed connection serves the next call
        assertThat(upstream.send(loop, provider, post(provider, "/v1/chat/completions", "{}"), 1024).answer().get(5, TimeUnit.SECONDS)
                .status()).isEqualTo(429);
    }

    @Test
    void aCallCancelledWhileWaitingForAConnectionLeavesItToTheNextWaitingCall() throws Exception {
        var provider = new ProviderSpec("local", ProviderType.OPENAI, URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Optional.empty(), Locality.LOCAL, new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(5))).withMaxConnections(1);
        var holding = upstream.send(loop, provider, post(provider, "/slow", "{}"), 1024).answer();
        var cancelled = upstream.send(loop, provider, post(provider, "/v1/chat/completions", "{}"), 1024);
        var next = upstream.send(loop, provider, post(provider, "/v1/chat/completions", "{}"), 1024).answer();
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.waiting("local") == 2);

        cancelled.cancel();
        gate.countDown();

        assertFailure(cancelled.answer(), UpstreamFailure.Kind.BROKEN, "the call was cancelled");
        assertThat(holding.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(next.get(5, TimeUnit.SECONDS).status()).as("the call still waiting gets the freed connection").isEqualTo(429);
    }

    @Test
    void callsInProgressOnTheBlockingClientCountAgainstTheBound() throws Exception {
        var provider = provider(Duration.ofSeconds(5), 1).withMaxConnections(1);
        assertThat(permits.tryTake(provider)).as("a stream on the blocking client").isTrue();

        var answer = upstream.send(loop, provider, post(provider, "/v1/chat/completions", "{}"), 1024).answer();

        assertFailure(answer, UpstreamFailure.Kind.UNREACHABLE,
                "provider 'local' has all 1 of its connections (maxConnections) in use, and none came free within 200 ms");
        assertThat(permits.inUse("local")).as("the failed call gave back nothing it did not take").isEqualTo(1);
    }

    @Test
    void aCallWaitingForThePermitOfABlockingCallGoesOnWhenThatCallEnds() throws Exception {
        var provider = new ProviderSpec("local", ProviderType.OPENAI, URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Optional.empty(), Locality.LOCAL, new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))).withMaxConnections(1);
        // a call that looks again on its own only after the test's limit: the permit given back must wake it
        var upstream = new LoopUpstream(LoopMessages.defaultTls(), permits, spec -> { }, () -> inForce, Duration.ofSeconds(60));
        assertThat(permits.tryTake(provider)).isTrue();
        var answer = upstream.send(loop, provider, post(provider, "/v1/chat/completions", "{}"), 1024).answer();
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.waiting("local") == 1);

        permits.give(provider);

        assertThat(answer.get(5, TimeUnit.SECONDS).status()).isEqualTo(429);
        assertThat(permits.inUse("local")).as("given back as the call ended").isZero();
        assertThat(upstream.waiting("local")).isZero();
    }

    @Test
    void saysWhenTheAnswersHeadCameBeforeItsBodyIsWhole() throws Exception {
        var provider = provider(Duration.ofSeconds(5), 4);
        var call = upstream.send(loop, provider, post(provider, "/head-then-gate", "{}"), 1024);

        await().atMost(Duration.ofSeconds(5)).until(() -> loop.submit(call::headAt).get() != 0);
        assertThat(call.answer()).as("the body has not come").isNotDone();
        gate.countDown();

        assertThat(call.answer().get(5, TimeUnit.SECONDS).readBody(1024)).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPermitGivenBackWhileTheWaitingCallsLoopShutsDownIsStillGivenBack() throws Exception {
        var provider = new ProviderSpec("local", ProviderType.OPENAI, URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Optional.empty(), Locality.LOCAL, new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))).withMaxConnections(1);
        var closing = new NioEventLoopGroup(1);
        assertThat(permits.tryTake(provider)).isTrue();
        upstream.send(closing.next(), provider, post(provider, "/v1/chat/completions", "{}"), 1024);
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.waiting("local") == 1);
        closing.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();

        permits.give(provider); // the waiting call's loop refuses its wake-up: nothing for the giver to handle

        assertThat(permits.inUse("local")).isZero();
    }

    @Test
    void aCallHoldsItsProvidersPermitUntilItEnds() throws Exception {
        var provider = provider(Duration.ofSeconds(5), 4);
        var holding = upstream.send(loop, provider, post(provider, "/slow", "{}"), 1024).answer();
        await().atMost(Duration.ofSeconds(5)).until(() -> permits.inUse("local") == 1);

        gate.countDown();

        assertThat(holding.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(permits.inUse("local")).isZero();
    }

    @Test
    void aCancelledCallFailsAndDropsItsConnection() throws Exception {
        var provider = provider(Duration.ofSeconds(5), 4);
        var call = upstream.send(loop, provider, post(provider, "/slow", "{}"), 1024);
        await().atMost(Duration.ofSeconds(5)).until(() -> slowArrived.get() == 1);

        call.cancel();

        assertFailure(call.answer(), UpstreamFailure.Kind.BROKEN, "the call was cancelled");
        assertThat(permits.inUse("local")).as("its permit given back").isZero();
    }

    /** A server that counts the connections its requests came on. */
    private HttpServer countingServer() throws IOException {
        var counting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        var seen = java.util.concurrent.ConcurrentHashMap.<InetSocketAddress>newKeySet();
        counting.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (seen.add(exchange.getRemoteAddress())) {
                connections.incrementAndGet();
            }
            exchange.sendResponseHeaders(200, ANSWER.length());
            exchange.getResponseBody().write(ANSWER.getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        counting.setExecutor(command -> Thread.ofVirtual().start(command));
        counting.start();
        return counting;
    }

    private static void assertFailure(java.util.concurrent.CompletableFuture<UpstreamResponse> answer, UpstreamFailure.Kind kind,
                                      String message) {
        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(UpstreamFailure.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(kind);
                    assertThat(failure.getMessage()).startsWith(message);
                });
    }

    private ProviderSpec provider(Duration read, int maxConnections) {
        return new ProviderSpec("local", ProviderType.OPENAI, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1"),
                Optional.empty(), Locality.LOCAL, new Timeouts(Duration.ofMillis(200), read)).withMaxConnections(maxConnections);
    }

    private static ProviderSpec provider(HttpServer at, ProviderSpec like) {
        return new ProviderSpec(like.name(), like.type(), URI.create("http://127.0.0.1:" + at.getAddress().getPort()),
                Optional.empty(), Locality.LOCAL, like.timeouts()).withMaxConnections(like.maxConnections());
    }

    private static HttpPost post(ProviderSpec provider, String path, String body) {
        var base = provider.baseUrl();
        var post = new HttpPost(URI.create(base.getScheme() + "://" + base.getAuthority() + path));
        post.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON));
        return post;
    }
}
