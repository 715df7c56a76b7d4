package dev.warden.gateway.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.warden.gateway.exchange.ClientGone;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A response to a client that does not read, over a real socket: the loop's writer is told it is
 * backlogged and when the client has caught up, and a client that reads nothing for the write
 * timeout loses its connection, on the loop and on a worker alike.
 */
class ChannelResponseSocketTests {

    private static final Duration WRITE_TIMEOUT = Duration.ofMillis(600);
    private static final byte[] CHUNK = new byte[8192];

    private final NioEventLoopGroup loops = new NioEventLoopGroup(1);
    private final EventLoop loop = loops.next();
    private final CompletableFuture<Channel> accepted = new CompletableFuture<>();
    private Channel server;
    private Socket client;
    private Channel channel;

    @BeforeEach
    void connect() throws Exception {
        server = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.SO_SNDBUF, 8192)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel connection) {
                        connection.pipeline().addLast(new HttpResponseEncoder());
                        accepted.complete(connection);
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        client = new Socket();
        client.setReceiveBufferSize(4096);
        client.connect(server.localAddress());
        channel = accepted.get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        server.close().syncUninterruptibly();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void theLoopsWriterIsToldItIsBackloggedAndThenThatTheClientHasCaughtUp() throws Exception {
        // a timeout no pause of the test's thread reaches: only the client's reading is to wake the writer
        var response = new ChannelResponse(channel, true, false, Duration.ofSeconds(30));
        var drained = new AtomicBoolean();

        long sent = sendUntilBacklogged(response, () -> drained.set(true));

        assertThat(drained).as("not before the client reads").isFalse();
        readAtLeast(client.getInputStream(), sent);
        await().atMost(Duration.ofSeconds(5)).untilTrue(drained);
        assertThat(channel.isActive()).isTrue();
        assertThat(loop.submit(() -> response.backlogged(() -> { })).get(5, TimeUnit.SECONDS))
                .as("caught up: nothing to wait for").isFalse();
    }

    @Test
    void aClientThatReadsNothingForTheWriteTimeoutLosesItsConnectionAndTheNextWriteFindsItGone() throws Exception {
        var response = new ChannelResponse(channel, true, false, WRITE_TIMEOUT);
        var drained = new AtomicBoolean();

        sendUntilBacklogged(response, () -> drained.set(true));

        // the writer is woken as the connection closes, and its next send fails as to a client gone
        await().atMost(Duration.ofSeconds(5)).untilTrue(drained);
        assertThat(channel.isActive()).isFalse();
        var next = loop.submit(() -> {
            response.body().write(CHUNK);
            response.body().flush();
            return null;
        });
        assertThatThrownBy(() -> next.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ClientGone.class);
    }

    @Test
    void aWorkersWriteWaitsForASlowClientAndGivesUpAfterTheWriteTimeout() throws Exception {
        var response = new ChannelResponse(channel, true, false, WRITE_TIMEOUT);
        response.status(200);
        response.contentType("text/event-stream");
        var out = response.body();
        long start = System.nanoTime();

        // from a thread of its own, as on a worker: each send past the high-water mark waits for the client
        assertThatThrownBy(() -> {
            for (int i = 0; i < 10_000; i++) {
                out.write(CHUNK);
                out.flush();
            }
        }).isInstanceOf(ClientGone.class).hasMessageContaining("read nothing of its response for 600 ms");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("it waited").isGreaterThanOrEqualTo(WRITE_TIMEOUT);
        await().atMost(Duration.ofSeconds(5)).until(() -> !channel.isActive());
    }

    /** Sends on the loop, as a stream's relay does, until the response says the client is behind; returns the bytes sent. */
    private long sendUntilBacklogged(ChannelResponse response, Runnable drained) throws Exception {
        return loop.submit(() -> {
            response.status(200);
            response.contentType("text/event-stream");
            long sent = 0;
            for (int i = 0; i < 10_000; i++) {
                response.body().write(CHUNK);
                response.body().flush();
                sent += CHUNK.length;
                if (response.backlogged(drained)) {
                    return sent;
                }
            }
            throw new AssertionError("never backlogged after " + sent + " bytes");
        }).get(10, TimeUnit.SECONDS);
    }

    private static void readAtLeast(InputStream in, long bytes) throws IOException {
        var buffer = new byte[65536];
        long read = 0;
        while (read < bytes) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the connection ended after " + read + " bytes");
            }
            read += n;
        }
    }
}
