package dev.warden.gateway.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
            pump(client.getInputStream(), upstream.getOutputStream());
            pump(upstream.getInputStream(), client.getOutputStream());
        }

        private void pump(InputStream in, OutputStream out) {
            Thread.ofPlatform().daemon().start(() -> {
                var buffer = new byte[8192];
                try {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
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
}
