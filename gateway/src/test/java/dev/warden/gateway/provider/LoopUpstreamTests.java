package dev.warden.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.warden.policy.Locality;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.ProviderType;
import dev.warden.policy.Timeouts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whole answers fetched on an event loop: what comes back, how failures are told, and a call cancelled. */
class LoopUpstreamTests extends LoopUpstreamFixture {

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
    void saysWhenTheAnswersHeadCameBeforeItsBodyIsWhole() throws Exception {
        var provider = provider(Duration.ofSeconds(5), 4);
        var call = upstream.send(loop, provider, post(provider, "/head-then-gate", "{}"), 1024);

        await().atMost(Duration.ofSeconds(5)).until(() -> loop.submit(call::headAt).get() != 0);
        assertThat(call.answer()).as("the body has not come").isNotDone();
        gate.countDown();

        assertThat(call.answer().get(5, TimeUnit.SECONDS).readBody(1024)).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
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
}
