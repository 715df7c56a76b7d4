package dev.warden.gateway.fake;

import dev.warden.gateway.fake.FakeProvider.Received;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 connection on a raw socket: reads requests one after another (keep-alive) and
 * writes responses byte by byte as told, so that faults the JDK's server cannot produce (a reset,
 * a stream cut at an exact event, a short body) are one method call each.
 */
final class HttpConnection implements Closeable {

    private static final Map<Integer, String> REASONS = Map.of(100, "Continue", 200, "OK", 400, "Bad Request",
            401, "Unauthorized", 403, "Forbidden", 404, "Not Found", 429, "Too Many Requests",
            500, "Internal Server Error", 503, "Service Unavailable");

    private final Socket socket;
    private final BufferedInputStream in;
    private final OutputStream out;
    private boolean closeAfterResponse;

    HttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** The next request, or null when the client closed the connection between requests. */
    Received read() throws IOException {
        socket.setSoTimeout(0);
        var requestLine = readLine();
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        var parts = requestLine.split(" ");
        if (parts.length != 3) {
            throw new IOException("not an HTTP request line: " + requestLine);
        }
        var headers = readHeaders();
        closeAfterResponse = "close".equalsIgnoreCase(headers.get("connection")) || requestLine.endsWith("HTTP/1.0");
        if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
            writeHead(100, Map.of());
            out.flush();
        }
        var target = parts[1];
        int question = target.indexOf('?');
        var path = question < 0 ? target : target.substring(0, question);
        var query = question < 0 ? "" : target.substring(question + 1);
        return new Received(parts[0], path, query, Map.copyOf(headers), readBody(headers));
    }

    /** Whether another request may follow on this connection. */
    boolean reusable() {
        return !closeAfterResponse && !socket.isClosed();
    }

    void send(int status, Map<String, String> headers, byte[] body) throws IOException {
        var all = new LinkedHashMap<>(headers);
        all.put("Content-Length", String.valueOf(body.length));
        writeHead(status, all);
        out.write(body);
        out.flush();
    }

    /** Announces {@code body.length} bytes, sends the first {@code sent} and ends the connection. */
    void sendShort(int status, Map<String, String> headers, byte[] body, int sent) throws IOException {
        var all = new LinkedHashMap<>(headers);
        all.put("Content-Length", String.valueOf(body.length));
        all.put("Connection", "close");
        writeHead(status, all);
        out.write(body, 0, sent);
        out.flush();
        socket.shutdownOutput();
        closeAfterResponse = true;
    }

    void startChunked(int status, Map<String, String> headers) throws IOException {
        var all = new LinkedHashMap<>(headers);
        all.put("Transfer-Encoding", "chunked");
        writeHead(status, all);
        out.flush();
    }

    void writeChunk(byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The terminating zero-length chunk: the stream ends cleanly at the HTTP level. */
    void endChunked() throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Aborts the connection with a TCP reset instead of an orderly close. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /**
     * Waits until {@code release} is counted down or {@code max} has passed, watching the
     * socket meanwhile. Returns false as soon as the client goes away.
     */
    boolean waitWhileClientStays(CountDownLatch release, Duration max) throws IOException {
        long deadline = System.nanoTime() + max.toNanos();
        try {
            socket.setSoTimeout(50);
            while (System.nanoTime() < deadline && !release.await(0, TimeUnit.MILLISECONDS)) {
                if (!clientStillThere()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(0);
            }
        }
    }

    private boolean clientStillThere() throws IOException {
        in.mark(1);
        try {
            if (in.read() == -1) {
                return false;
            }
            // The client sent something early; keep it for the next request and stop polling hot.
            in.reset();
            pause(50);
            return true;
        } catch (SocketTimeoutException quiet) {
            return true;
        } catch (IOException gone) {
            return false;
        }
    }

    private void writeHead(int status, Map<String, String> headers) throws IOException {
        var head = new StringBuilder("HTTP/1.1 ").append(status).append(' ')
                .append(REASONS.getOrDefault(status, "Status")).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (closeAfterResponse && status != 100 && !headers.containsKey("Connection")) {
            head.append("Connection: close\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    }

    private Map<String, String> readHeaders() throws IOException {
        var headers = new LinkedHashMap<String, String>();
        for (var line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IOException("not an HTTP header: " + line);
            }
            var name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            var value = line.substring(colon + 1).trim();
            headers.merge(name, value, (first, second) -> first + ", " + second);
        }
        return headers;
    }

    private byte[] readBody(Map<String, String> headers) throws IOException {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            return readChunkedBody();
        }
        var length = headers.get("content-length");
        return length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
    }

    private byte[] readChunkedBody() throws IOException {
        var body = new ByteArrayOutputStream();
        for (int size = chunkSize(); size > 0; size = chunkSize()) {
            body.write(in.readNBytes(size));
            readLine();
        }
        for (var trailer = readLine(); trailer != null && !trailer.isEmpty(); trailer = readLine()) {
            // trailers carry nothing the fake needs
        }
        return body.toByteArray();
    }

    private int chunkSize() throws IOException {
        var line = readLine();
        int extension = line.indexOf(';');
        return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    private String readLine() throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
