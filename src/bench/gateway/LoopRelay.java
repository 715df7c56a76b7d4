import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A floor for the benchmark, not a gateway: an HTTP/1.1 relay with no governance at all, in the
 * shape a non-blocking Warden would have. Each of {@code loops} event loops (default: one per
 * core, as nginx's {@code worker_processes auto}) owns a listening socket on the same port
 * (SO_REUSEPORT) and every connection it accepts; each client connection is paired with one
 * upstream connection, kept alive with it. No thread hand-off: the loop that reads a request
 * writes it upstream and relays the answer as it arrives.
 *
 * <p>It frames messages by Content-Length only (the mock's answers, streams included, carry one),
 * relays the bytes unchanged, and closes the pair on anything else. It exists to measure what the
 * machine allows a JVM relay on one hop, next to Warden and nginx in gateway.sh.
 *
 * <p>Arguments: port upstreamHost upstreamPort [loops].
 */
public class LoopRelay {

    private static final int BUFFER = 64 * 1024;
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        InetSocketAddress upstream = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        int loops = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < loops; i++) {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
            server.configureBlocking(false);
            Thread loop = new Thread(new Loop(server, upstream), "loop-" + i);
            loop.start();
        }
        System.out.println("LoopRelay listening on " + port + " with " + loops + " loops");
    }

    /** One selector thread: accepts, reads, writes; nothing it does blocks. */
    static final class Loop implements Runnable {
        private final ServerSocketChannel server;
        private final InetSocketAddress upstream;
        private final Selector selector;

        Loop(ServerSocketChannel server, InetSocketAddress upstream) throws IOException {
            this.server = server;
            this.upstream = upstream;
            this.selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        }

        @Override
        public void run() {
            while (true) {
                try {
                    selector.select();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                var keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                        continue;
                    }
                    Pair pair = (Pair) key.attachment();
                    try {
                        pair.ready(key);
                    } catch (IOException | RuntimeException e) {
                        pair.close();
                    }
                }
            }
        }

        private void accept() {
            try {
                SocketChannel client;
                while ((client = server.accept()) != null) {
                    client.configureBlocking(false);
                    client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    new Pair(selector, client, upstream);
                }
            } catch (IOException e) {
                // A failed accept loses that connection only; the loop goes on.
            }
        }
    }

    /** A client connection and its upstream connection; one request at a time, as HTTP/1.1 without pipelining. */
    static final class Pair {
        private final SocketChannel client;
        private final SocketChannel upstream;
        private final SelectionKey clientKey;
        private final SelectionKey upstreamKey;
        /** The client's request, in write mode while it is read, then flipped while it is sent. */
        private final ByteBuffer request = ByteBuffer.allocateDirect(BUFFER);
        /** The upstream's answer: bytes read and not yet written to the client. */
        private final ByteBuffer answer = ByteBuffer.allocateDirect(BUFFER);
        private boolean connected;
        private boolean sending;
        /** Bytes of the answer still to relay, once its head was read; -1 before. */
        private long answerLeft = -1;

        Pair(Selector selector, SocketChannel client, InetSocketAddress address) throws IOException {
            this.client = client;
            this.upstream = SocketChannel.open();
            upstream.configureBlocking(false);
            upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connected = upstream.connect(address);
            clientKey = client.register(selector, SelectionKey.OP_READ, this);
            upstreamKey = upstream.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, this);
        }

        void ready(SelectionKey key) throws IOException {
            if (key == clientKey) {
                if (key.isReadable()) {
                    readRequest();
                } else if (key.isWritable()) {
                    writeAnswer();
                }
            } else if (key.isConnectable()) {
                upstream.finishConnect();
                connected = true;
                upstreamKey.interestOps(0);
                if (sending) {
                    sendRequest();
                }
            } else if (key.isWritable()) {
                sendRequest();
            } else if (key.isReadable()) {
                readAnswer();
            }
        }

        private void readRequest() throws IOException {
            if (client.read(request) < 0) {
                close();
                return;
            }
            int length = messageLength(request, request.position());
            if (length == -1) {
                if (!request.hasRemaining()) {
                    close(); // a head larger than the buffer
                }
                return;
            }
            if (length > request.capacity()) {
                close();
                return;
            }
            if (request.position() < length) {
                return;
            }
            request.flip();
            sending = true;
            clientKey.interestOps(0);
            if (connected) {
                sendRequest();
            }
        }

        private void sendRequest() throws IOException {
            upstream.write(request);
            if (request.hasRemaining()) {
                upstreamKey.interestOps(SelectionKey.OP_WRITE);
                return;
            }
            request.clear();
            sending = false;
            upstreamKey.interestOps(SelectionKey.OP_READ);
        }

        private void readAnswer() throws IOException {
            if (upstream.read(answer) < 0) {
                close();
                return;
            }
            if (answerLeft == -1) {
                int length = messageLength(answer, answer.position());
                if (length == -1) {
                    if (!answer.hasRemaining()) {
                        close();
                    }
                    return;
                }
                answerLeft = length;
            }
            writeAnswer();
        }

        private void writeAnswer() throws IOException {
            answer.flip();
            int written = client.write(answer);
            answer.compact();
            answerLeft -= written;
            if (answer.position() > 0) {
                // The client is slow: wait until it can take more, and read no more upstream meanwhile.
                upstreamKey.interestOps(0);
                clientKey.interestOps(SelectionKey.OP_WRITE);
            } else if (answerLeft == 0) {
                answerLeft = -1;
                upstreamKey.interestOps(0);
                clientKey.interestOps(SelectionKey.OP_READ);
            } else {
                upstreamKey.interestOps(SelectionKey.OP_READ);
                clientKey.interestOps(0);
            }
        }

        void close() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                upstream.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        /**
         * The whole message's length (head and body) once its head is in {@code buffer[0, end)}, or -1
         * before. A head without Content-Length has no body (a GET, or an answer this relay cannot frame).
         */
        private static int messageLength(ByteBuffer buffer, int end) {
            for (int i = 3; i < end; i++) {
                if (buffer.get(i) == '\n' && buffer.get(i - 1) == '\r' && buffer.get(i - 2) == '\n' && buffer.get(i - 3) == '\r') {
                    return i + 1 + contentLength(buffer, i + 1);
                }
            }
            return -1;
        }

        private static int contentLength(ByteBuffer buffer, int headEnd) {
            for (int i = 0; i < headEnd; i++) {
                if (buffer.get(i) == '\n' && startsWithIgnoreCase(buffer, i + 1, headEnd)) {
                    int value = 0;
                    for (int j = i + 1 + CONTENT_LENGTH.length; j < headEnd; j++) {
                        byte b = buffer.get(j);
                        if (b >= '0' && b <= '9') {
                            value = value * 10 + (b - '0');
                        } else if (b != ' ') {
                            break;
                        }
                    }
                    return value;
                }
            }
            return 0;
        }

        private static boolean startsWithIgnoreCase(ByteBuffer buffer, int at, int end) {
            if (at + CONTENT_LENGTH.length > end) {
                return false;
            }
            for (int k = 0; k < CONTENT_LENGTH.length; k++) {
                if (Character.toLowerCase(buffer.get(at + k)) != CONTENT_LENGTH[k]) {
                    return false;
                }
            }
            return true;
        }
    }
}
