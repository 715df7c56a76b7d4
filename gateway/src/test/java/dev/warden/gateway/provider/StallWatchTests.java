package dev.warden.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stream read limit over a real socket: the "upstream" writes, the watched side reads. */
class StallWatchTests {

    private static final Duration LIMIT = Duration.ofMillis(300);

    private final StallWatch stalls = new StallWatch();
    private ServerSocket server;
    private Socket client;
    private Socket upstream;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        upstream = server.accept();
        // Only so that a watch that never cuts off fails the test instead of hanging it.
        client.setSoTimeout(5_000);
    }

    @AfterEach
    void close() throws IOException {
        stalls.destroy();
        client.close();
        upstream.close();
        server.close();
    }

    @Test
    void aReadThatWaitsLongerThanTheLimitIsCutOffAndFailsAsAReadTimeout() throws IOException {
        var watch = stalls.start(LIMIT, this::cancel);
        var body = watch.body(client.getInputStream());
        upstream.getOutputStream().write("data: one\n".getBytes());

        assertThat(body.read(new byte[64])).isEqualTo(10);
        long start = System.nanoTime();
        assertThatThrownBy(() -> body.read(new byte[64]))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("the upstream sent nothing for 300 ms");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(LIMIT);
        assertThat(watch.stalled()).isTrue();
        assertThat(stalls.watching()).isZero();
    }

    @Test
    void nothingIsCutOffWhileNoReadWaitsAndAReadIsCutOffOnlyOnceItHasWaitedTheLimit() {
        // Swept by hand only, at chosen times.
        var stalls = new StallWatch(Duration.ofDays(1));
        var watch = stalls.start(LIMIT, this::cancel);
        long now = System.nanoTime();

        stalls.sweep(now);
        stalls.sweep(now + LIMIT.toNanos() * 10);
        assertThat(watch.stalled()).isFalse();

        watch.readStarts();
        stalls.sweep(now + LIMIT.toNanos() * 11);
        stalls.sweep(now + LIMIT.toNanos() * 12 - 1);
        assertThat(watch.stalled()).isFalse();
        stalls.sweep(now + LIMIT.toNanos() * 12);

        assertThat(watch.stalled()).isTrue();
        assertThat(client.isClosed()).isTrue();
        assertThat(stalls.watching()).isZero();
        assertThat(watch.explain(new IOException("Socket closed"))).isInstanceOf(SocketTimeoutException.class)
                .hasMessage("the upstream sent nothing for 300 ms");
        stalls.destroy();
    }

    @Test
    void anUpstreamThatKeepsSendingIsNeverCutOffHoweverLongTheStream() throws Exception {
        var watch = stalls.start(LIMIT, this::cancel);
        var body = watch.body(client.getInputStream());
        var sender = Thread.ofVirtual().start(() -> send(upstream, 12, Duration.ofMillis(100)));

        int chunks = readUntilEnd(body, () -> { });

        sender.join();
        assertThat(chunks).isEqualTo(12);
        assertThat(watch.stalled()).isFalse();
        watch.end();
        assertThat(stalls.watching()).isZero();
    }

    @Test
    void timeSpentBetweenReadsIsNotWaitingForTheUpstream() throws Exception {
        // A slow client holds up the relay between reads; that is not the upstream's silence.
        // Swept by hand between reads, as if the client held each line up for twice the limit.
        var stalls = new StallWatch(Duration.ofDays(1));
        var watch = stalls.start(LIMIT, this::cancel);
        var body = watch.body(client.getInputStream());
        var sender = Thread.ofVirtual().start(() -> send(upstream, 3, Duration.ZERO));
        long[] now = {System.nanoTime()};

        int chunks = readUntilEnd(body, () -> {
            stalls.sweep(now[0]);
            now[0] += LIMIT.multipliedBy(2).toNanos();
            stalls.sweep(now[0]);
        });

        sender.join();
        assertThat(chunks).isEqualTo(3);
        assertThat(watch.stalled()).isFalse();
        stalls.destroy();
    }

    private void cancel() {
        try {
            client.close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a byte at a time until the upstream closes, running {@code afterLine} after each line; returns the lines. */
    private static int readUntilEnd(InputStream body, Runnable afterLine) throws IOException {
        int lines = 0;
        for (int b = body.read(); b >= 0; b = body.read()) {
            if (b == '\n') {
                lines++;
                afterLine.run();
            }
        }
        return lines;
    }

    private static void send(Socket upstream, int lines, Duration every) {
        try (OutputStream out = upstream.getOutputStream()) {
            for (int i = 0; i < lines; i++) {
                Thread.sleep(every);
                out.write(("data: " + i + "\n").getBytes());
                out.flush();
            }
            upstream.shutdownOutput();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
