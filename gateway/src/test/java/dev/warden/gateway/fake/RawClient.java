package dev.warden.gateway.fake;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** An HTTP/1.1 client on a bare socket, reading a chunked answer one chunk (one event) at a time. */
final class RawClient implements Closeable {

    /** A status line and headers, names in lower case. */
    record Head(int status, Map<String, String> headers) {
    }

    private final Socket socket;
    private final BufferedInputStream in;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        socket.setSoTimeout(5_000);
    }

    static RawClient connect(FakeProvider fake) throws IOException {
        return new RawClient(new Socket("127.0.0.1", fake.port()));
    }

    void send(String raw) throws IOException {
        socket.getOutputStream().write(raw.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    Head readHead() throws IOException {
        var status = Integer.parseInt(readLine().split(" ")[1]);
        var headers = new HashMap<String, String>();
        for (var line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return new Head(status, headers);
    }

    String readBody(Head head) throws IOException {
        var length = Integer.parseInt(head.headers().get("content-length"));
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** The next chunk's data, or null after the terminating zero-length chunk. */
    String readChunk() throws IOException {
        int size = Integer.parseInt(readLine(), 16);
        if (size == 0) {
            readLine();
            return null;
        }
        var data = new String(in.readNBytes(size), StandardCharsets.UTF_8);
        readLine();
        return data;
    }

    /** Whether the server ended the connection in an orderly way. */
    boolean closedByServer() throws IOException {
        return in.read() == -1;
    }

    private String readLine() throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("the server closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
