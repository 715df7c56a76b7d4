package dev.warden.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.warden.policy.Locality;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.ProviderType;
import dev.warden.policy.Timeouts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upstream calls are read without a socket timeout, under the stall watch: a stream's every read,
 * a whole answer's wait for its head and the reads of its body, and the read that drains a body
 * when it is closed.
 */
class UpstreamCallsTests {

    private static final Duration READ = Duration.ofMillis(500);
    private static final String EVENT = "data: {\"n\":1}\n\n";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** The providers of the policy in force. */
    private Map<String, ProviderSpec> inForce = Map.of();
    private final ProviderClients clients = new ProviderClients(meters, () -> inForce);
    private final StallWatch stalls = new StallWatch();
    private final ProviderPermits permits = new ProviderPermits();
    private final UpstreamCalls calls = new UpstreamCalls(clients, stalls, permits);
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;
    private ProviderSpec provider;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        provider = new ProviderSpec("local", ProviderType.OPENAI, URI.create("http://127.0.0.1:" + server.getLocalPort()),
                Optional.empty(), Locality.LOCAL, new Timeouts(Duration.ofSeconds(2), READ));
        inForce = Map.of(provider.name(), provider);
        // Answers the first request on a connection with a short stream, and never answers the second.
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    var socket = server.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(socket));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        clients.destroy();
        stalls.destroy();
    }

    @Test
    void aWholeAnswerWhoseHeadNeverComesFailsAsATimeoutSayingForHowLong() throws Exception {
        try (var stream = calls.openStream(provider, post())) {
            assertThat(new String(stream.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("data: [DONE]\n\n");
        }
        assertThat(stalls.watching()).isZero();

        long start = System.nanoTime();
        assertThatThrownBy(() -> calls.open(provider, post()))
                .isInstanceOfSatisfying(UpstreamFailure.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.TIMEOUT);
                    assertThat(failure.getMessage()).endsWith("the upstream sent nothing for 500 ms");
                });

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(READ, Duration.ofSeconds(5));
        assertThat(connections).as("the second call reused the stream's connection").hasValue(1);
        assertThat(stalls.watching()).isZero();
    }

    @Test
    void aCallThatCannotStartLeavesNothingWatched() throws Exception {
        try (var stream = calls.openStream(provider, post())) {
            stream.body().readAllBytes();
        }
        clients.destroy(); // the provider's pool is shut down: its client refuses the next call outright

        assertThatThrownBy(() -> calls.open(provider, post())).isInstanceOf(IllegalStateException.class);

        assertThat(stalls.watching()).isZero();
    }

    @Test
    void aWholeAnswerWhoseBodyStopsHalfWayFailsAsAReadTimeout() throws Exception {
        try (var answer = calls.open(provider, post("/half-an-answer"))) {
            assertThat(stalls.watching()).isOne();

            assertThatThrownBy(() -> answer.readBody(1_000))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("the upstream sent nothing for 500 ms");
        }
        assertThat(stalls.watching()).isZero();
    }

    @Test
    void aStreamThatFallsSilentMidBodyFailsAsAReadTimeoutSayingForHowLong() throws Exception {
        try (var stream = calls.openStream(provider, post("/silent-after-one-event"))) {
            var body = stream.body();
            assertThat(new String(body.readNBytes(EVENT.length()), StandardCharsets.UTF_8)).isEqualTo(EVENT);

            assertThatThrownBy(() -> body.read(new byte[64]))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("the upstream sent nothing for 500 ms");
        }
        assertThat(stalls.watching()).isZero();
    }

    @Test
    void closingAStreamWhoseRestNeverComesIsCutOffLikeARead() throws Exception {
        long start;
        try (var stream = calls.openStream(provider, post("/silent-after-one-event"))) {
            assertThat(new String(stream.body().readNBytes(EVENT.length()), StandardCharsets.UTF_8)).isEqualTo(EVENT);
            start = System.nanoTime();
            // Closing reads the rest of the body to reuse the connection; the rest never comes.
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(READ, Duration.ofSeconds(5));
        assertThat(stalls.watching()).isZero();
    }

    @Test
    void aCallBeyondTheProvidersConnectionsFailsAsUnreachableNamingTheBoundAndTheNextOneGetsTheFreedConnection() throws Exception {
        provider = new ProviderSpec("small", ProviderType.OPENAI, provider.baseUrl(), Optional.empty(), Locality.LOCAL,
                new Timeouts(Duration.ofMillis(300), READ)).withMaxConnections(1);
        inForce = Map.of(provider.name(), provider);

        try (var stream = calls.openStream(provider, post("/silent-after-one-event"))) {
            assertThat(new String(stream.body().readNBytes(EVENT.length()), StandardCharsets.UTF_8)).isEqualTo(EVENT);

            assertThatThrownBy(() -> calls.open(provider, post()))
                    .isInstanceOfSatisfying(UpstreamFailure.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.UNREACHABLE);
                        assertThat(failure.getMessage()).isEqualTo("provider 'small' has all 1 of its connections (maxConnections) "
                                + "in use, and none came free within 300 ms");
                    });
            assertThatThrownBy(() -> calls.openStream(provider, post())).isInstanceOf(UpstreamFailure.class);
            assertThat(connections).as("the calls beyond the bound never reached the upstream").hasValue(1);
            assertThat(connectionGauge("leased")).isEqualTo(1);
            assertThat(meters.get("warden.provider.connections.max").tag("provider", "small").gauge().value()).isEqualTo(1);
        }
        // the stream's connection is discarded by the watch that cut its silent drain short, on the watch's thread
        await().atMost(Duration.ofSeconds(5)).until(() -> connectionGauge("leased") == 0);

        try (var stream = calls.openStream(provider, post())) {
            assertThat(new String(stream.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("data: [DONE]\n\n");
        }
        assertThat(stalls.watching()).isZero();
    }

    @Test
    void callsInProgressOnTheLoopCountAgainstTheBoundAndOneEndingLetsAWaitingCallGoOn() throws Exception {
        provider = new ProviderSpec("small", ProviderType.OPENAI, provider.baseUrl(), Optional.empty(), Locality.LOCAL,
                new Timeouts(Duration.ofMillis(300), READ)).withMaxConnections(1);
        inForce = Map.of(provider.name(), provider);
        assertThat(permits.tryTake(provider)).as("a whole answer on the loop").isTrue();

        assertThatThrownBy(() -> calls.openStream(provider, post()))
                .isInstanceOfSatisfying(UpstreamFailure.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.UNREACHABLE);
                    assertThat(failure.getMessage()).isEqualTo("provider 'small' has all 1 of its connections (maxConnections) "
                            + "in use, and none came free within 300 ms");
                });
        assertThat(connections).as("nothing reached the upstream").hasValue(0);
        assertThat(permits.inUse("small")).as("the failed call gave back nothing it did not take").isEqualTo(1);

        var longer = new ProviderSpec("small", ProviderType.OPENAI, provider.baseUrl(), Optional.empty(), Locality.LOCAL,
                new Timeouts(Duration.ofSeconds(5), READ)).withMaxConnections(1);
        inForce = Map.of(longer.name(), longer);
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (var stream = calls.openStream(longer, post())) {
                return new String(stream.body().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, command -> Thread.ofVirtual().start(command));
        await().atMost(Duration.ofSeconds(5)).until(() -> permits.waiting("small") == 1);

        permits.give(provider);

        assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("data: [DONE]\n\n");
        assertThat(permits.inUse("small")).as("given back as the stream was closed").isZero();
    }

    @Test
    void aCallCancelledWhileWaitingForAPermitStopsWaiting() throws Exception {
        var patient = new ProviderSpec("small", ProviderType.OPENAI, provider.baseUrl(), Optional.empty(), Locality.LOCAL,
                new Timeouts(Duration.ofSeconds(60), READ)).withMaxConnections(1);
        inForce = Map.of(patient.name(), patient);
        assertThat(permits.tryTake(patient)).isTrue();
        var request = post();
        var waiting = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try (var ignored = calls.openStream(patient, request)) {
                throw new AssertionError("the call went on");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, command -> Thread.ofVirtual().start(command));
        await().atMost(Duration.ofSeconds(5)).until(() -> permits.waiting("small") == 1);

        request.cancel(); // as the call's total deadline does

        assertThatThrownBy(() -> waiting.get(5, java.util.concurrent.TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(UpstreamFailure.class)
                .rootCause().hasMessage("the call was cancelled while waiting for a connection");
        assertThat(permits.inUse("small")).as("it took none").isEqualTo(1);
        assertThat(connections).as("nothing reached the upstream").hasValue(0);
    }

    @Test
    void aPolicyChangeRetiresTheProvidersOldPoolOnceTheStreamInItHasEndedAndItsGaugesFollowThePolicy() throws Exception {
        var before = named("edited");
        var after = before.withMaxConnections(2);
        inForce = Map.of("edited", before);
        var stream = calls.openStream(before, post("/silent-after-one-event"));
        assertThat(new String(stream.body().readNBytes(EVENT.length()), StandardCharsets.UTF_8)).isEqualTo(EVENT);
        var oldEvictor = evictors("edited");
        assertThat(oldEvictor).hasSize(1);

        inForce = Map.of("edited", after);
        clients.retireSuperseded();

        assertThat(clients.pools("edited")).as("the old pool stays while a stream is in it").isOne();
        assertThat(oldEvictor.getFirst().isAlive()).isTrue();
        assertThat(connectionGauge("edited", "leased")).as("the gauges read the pool as the policy now has it").isZero();
        assertThat(meters.get("warden.provider.connections.max").tag("provider", "edited").gauge().value()).isEqualTo(2);
        try (var next = calls.openStream(after, post())) {
            assertThat(new String(next.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("data: [DONE]\n\n");
        }
        assertThat(clients.pools("edited")).isEqualTo(2);
        // the sweep left the stream's connection open: it fails as its silent upstream makes it, not as a closed socket
        assertThatThrownBy(() -> stream.body().read(new byte[64]))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("the upstream sent nothing for 500 ms");

        stream.close();
        // the stall's abort runs on the watch's own thread and may still hold the connection for a moment
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            clients.retireSuperseded();
            return clients.pools("edited") == 1;
        });
        oldEvictor.getFirst().join(Duration.ofSeconds(5));
        assertThat(oldEvictor.getFirst().isAlive()).as("the old pool's evictor thread").isFalse();
        assertThat(evictors("edited")).hasSize(1);
    }

    @Test
    void aCallUnderTheOldPolicyAfterItsPoolRetiredGetsAPoolOfItsOwnRetiredInTurn() throws Exception {
        var before = named("late");
        callInForce(before);
        inForce = Map.of("late", before.withMaxConnections(2));
        clients.retireSuperseded();
        assertThat(clients.pools("late")).as("an idle pool is closed at once").isZero();
        assertThat(connectionGauge("late", "leased")).isZero();

        try (var late = calls.openStream(before, post())) {
            assertThat(new String(late.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("data: [DONE]\n\n");
        }
        assertThat(clients.pools("late")).isOne();
        assertThat(meters.get("warden.provider.connections.max").tag("provider", "late").gauge().value())
                .as("a pool built under the old policy is not what the gauges read").isEqualTo(2);

        clients.retireSuperseded();
        assertThat(clients.pools("late")).isZero();
    }

    @Test
    void aProviderThePolicyNoLongerHasLosesItsPoolAndItsGauges() throws Exception {
        var dropped = named("dropped");
        callInForce(dropped);
        assertThat(meters.find("warden.provider.connections").tag("provider", "dropped").gauges()).hasSize(3);

        inForce = Map.of();
        clients.retireSuperseded();

        assertThat(clients.pools("dropped")).isZero();
        assertThat(meters.find("warden.provider.connections").tag("provider", "dropped").gauges()).isEmpty();
        assertThat(meters.find("warden.provider.connections.max").tag("provider", "dropped").gauges()).isEmpty();
        assertThat(evictors("dropped")).allSatisfy(thread -> {
            thread.join(Duration.ofSeconds(5));
            assertThat(thread.isAlive()).isFalse();
        });
    }

    /** Puts the provider in force and makes one whole call to it, which builds its pool. */
    private void callInForce(ProviderSpec spec) throws IOException, UpstreamFailure {
        inForce = Map.of(spec.name(), spec);
        try (var stream = calls.openStream(spec, post())) {
            stream.body().readAllBytes();
        }
    }

    private ProviderSpec named(String name) {
        return new ProviderSpec(name, ProviderType.OPENAI, provider.baseUrl(), Optional.empty(), Locality.LOCAL, provider.timeouts());
    }

    /** The live evictor threads of a provider's pools. */
    private static List<Thread> evictors(String provider) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(ProviderClients.EVICTOR + provider)).toList();
    }

    private double connectionGauge(String state) {
        return connectionGauge("small", state);
    }

    private double connectionGauge(String provider, String state) {
        return meters.get("warden.provider.connections").tag("provider", provider).tag("state", state).gauge().value();
    }

    private HttpPost post() {
        return post("/v1/chat/completions");
    }

    private HttpPost post(String path) {
        var post = new HttpPost(provider.baseUrl().resolve(path));
        post.setEntity(new StringEntity("{}"));
        return post;
    }

    /**
     * On {@code /half-an-answer}: a whole answer's head and the first bytes of its body, then nothing.
     * On {@code /silent-after-one-event}: a chunked stream that sends one event and then nothing.
     * Otherwise: a short whole stream, then, for the next request on the connection, nothing.
     */
    private static void serve(Socket socket) {
        try (socket; var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))) {
            var out = socket.getOutputStream();
            var requestLine = readRequest(in);
            if (requestLine.contains("/half-an-answer")) {
                out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"id\":".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } else if (requestLine.contains("/silent-after-one-event")) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(EVENT.length()) + "\r\n" + EVENT + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } else {
                var body = "data: [DONE]\n\n";
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
                readRequest(in);
            }
            Thread.sleep(Duration.ofSeconds(10));
        } catch (IOException | InterruptedException ignored) {
            // the client gave up, as the test expects
        }
    }

    /** Reads a request's head and body; returns its request line. */
    private static String readRequest(BufferedReader in) throws IOException {
        var requestLine = in.readLine();
        int length = 0;
        for (var line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        in.skip(length);
        return requestLine == null ? "" : requestLine;
    }
}
