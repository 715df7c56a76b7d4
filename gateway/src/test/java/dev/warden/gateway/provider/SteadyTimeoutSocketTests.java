package dev.warden.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteadyTimeoutSocketTests {

    /** Records the changes that reach the socket itself. */
    private static final class Counted extends SteadyTimeoutSocket {
        final List<Integer> changes = new ArrayList<>();

        @Override
        void changeTimeout(int timeout) throws SocketException {
            changes.add(timeout);
            super.changeTimeout(timeout);
        }
    }

    @Test
    void changesTheSocketOnlyWhenTheTimeoutDiffersFromTheOneItHas() throws IOException {
        try (var socket = new Counted()) {
            socket.setSoTimeout(0); // what a new socket has
            socket.setSoTimeout(500);
            socket.setSoTimeout(500);
            socket.setSoTimeout(0);
            socket.setSoTimeout(0);

            assertThat(socket.changes).containsExactly(500, 0);
            assertThat(socket.getSoTimeout()).isZero();
        }
    }

    @Test
    void readsKeepTheTimeoutLastAskedFor() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); var socket = new SteadyTimeoutSocket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            try (var peer = server.accept()) {
                socket.setSoTimeout(100);
                socket.setSoTimeout(100);
                assertThat(socket.getSoTimeout()).isEqualTo(100);
                assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

                socket.setSoTimeout(0);
                Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(300);
                        peer.getOutputStream().write('x');
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThat(socket.getInputStream().read()).isEqualTo('x'); // waited past the old 100 ms
            }
        }
    }

    @Test
    void aChangeTheSocketRefusedIsTriedAgain() throws IOException {
        var socket = new Counted();
        socket.close();

        assertThatThrownBy(() -> socket.setSoTimeout(250)).isInstanceOf(SocketException.class);
        assertThatThrownBy(() -> socket.setSoTimeout(250)).isInstanceOf(SocketException.class);
        assertThat(socket.changes).containsExactly(250, 250);
    }
}
