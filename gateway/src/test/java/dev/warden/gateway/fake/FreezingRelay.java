package dev.warden.gateway.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP relay to a server (PostgreSQL in the tests) whose connections can stop passing bytes while
 * staying open: what a client sees of a frozen server, or of a network that started dropping its
 * packets. Nothing is ever closed by a freeze, so only a client's own bound on its reads ends the wait.
 */
public final class FreezingRelay implements AutoCloseable {

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean freezeNew;
    private volatile byte[] freezeAfter;
    private volatile byte[] freezeAt;

    public FreezingRelay(String host, int port) throws IOException {
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try {
                    var client = server.accept();
                    var link = new Link(client, new Socket(host, port), freezeNew);
                    links.add(link);
                    link.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    public int port() {
        return server.getLocalPort();
    }

    /** A frozen server: every connection, open now or opened later, stops passing bytes. */
    public void freeze() {
        freezeNew = true;
        freezeOpenConnections();
    }

    /** The connections open now stop passing bytes; new ones pass (a failover, a route that went dark). */
    public void freezeOpenConnections() {
        links.forEach(link -> link.frozen = true);
    }

    /**
     * The next connection whose client sends {@code marker} (within one read) freezes at the client's
     * next send after it, which is held back with everything after it: a server that stopped
     * answering halfway through an exchange the test picks, such as a {@code COPY} it accepted and
     * then heard no row of. Only that connection freezes, once.
     */
    public void freezeAfterClientSends(String marker) {
        freezeAfter = marker.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The next connection whose client sends {@code marker} (within one read) freezes there, that
     * send held back: a server that stopped answering as a request the test picks was sent. Only
     * that connection freezes, once.
     */
    public void freezeWhenClientSends(String marker) {
        freezeAt = marker.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        for (var link : links) {
            link.client.close();
            link.upstream.close();
        }
    }

    private final class Link {

        private final Socket client;
        private final Socket upstream;
        private volatile boolean frozen;

        Link(Socket client, Socket upstream, boolean frozen) {
            this.client = client;
            this.upstream = upstream;
            this.frozen = frozen;
        }

        void start() throws IOException {
            pump(client.getInputStream(), upstream.getOutputStream(), true);
            pump(upstream.getInputStream(), client.getOutputStream(), false);
        }

        private void pump(InputStream in, OutputStream out, boolean fromClient) {
            Thread.ofPlatform().daemon().start(() -> {
                var buffer = new byte[8192];
                boolean armed = false;
                try {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        if (armed) {
                            frozen = true;
                        } else if (fromClient && freezeAfter != null && contains(buffer, n, freezeAfter)) {
                            freezeAfter = null;
                            armed = true;
                        } else if (fromClient && freezeAt != null && contains(buffer, n, freezeAt)) {
                            freezeAt = null;
                            frozen = true;
                        }
                        if (frozen) {
                            closed.await(); // held, as by a server that stopped reading, until the relay closes
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // a side closed
                }
            });
        }
    }

    private static boolean contains(byte[] buffer, int length, byte[] marker) {
        outer:
        for (int at = 0; at + marker.length <= length; at++) {
            for (int i = 0; i < marker.length; i++) {
                if (buffer[at + i] != marker[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
