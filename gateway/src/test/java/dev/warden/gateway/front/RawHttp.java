package dev.warden.gateway.front;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 written and read by hand, for what a client library would hide: pipelining, raw chunks, a client leaving mid-request. */
final class RawHttp {

    private RawHttp() {
    }

    /** A connection to Warden's public port whose reads give up after 10 s, so a test never hangs on one. */
    static Socket connect(int port) throws IOException {
        var socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Reads until the text has come, returning all read. */
    static String readUntil(InputStream in, String text) throws IOException {
        var read = new ByteArrayOutputStream();
        var buffer = new byte[1024];
        while (!read.toString(StandardCharsets.UTF_8).contains(text)) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the connection closed before " + text + " came");
            }
            read.write(buffer, 0, n);
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    static String rawPost(String path, String key, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: warden\r\nContent-Type: application/json\r\n"
                + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    static String rawGet(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: warden\r\n\r\n";
    }

    static String rawGet(String path, String key) {
        return "GET " + path + " HTTP/1.1\r\nHost: warden\r\nAuthorization: Bearer " + key + "\r\n\r\n";
    }

    static void writeChunk(OutputStream out, String chunk) throws IOException {
        out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** One HTTP/1.1 response read off a connection: its length given, or chunked. */
    record Answer(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name);
        }

        static Answer read(InputStream in) throws IOException {
            var statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            var headers = new LinkedHashMap<String, String>();
            for (var line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            var body = new ByteArrayOutputStream();
            if (headers.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            } else if ("chunked".equals(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
                line(in);
            }
            return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
        }

        static String line(InputStream in) throws IOException {
            var line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c == -1) {
                    throw new IOException("the connection closed mid-answer, after: " + line);
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }
}
