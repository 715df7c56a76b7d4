import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * The paced mock upstream: answers every POST with an OpenAI chat-completion stream of
 * {@code max_tokens} content chunks (from the request body), one every {@code intervalMillis},
 * then a usage chunk and {@code [DONE]}. Chunk k is due k intervals after the request arrived,
 * on an absolute schedule, so that a busy machine delays chunks without stretching the stream
 * (nginx's relative timers drift by the length of its event-loop turns under thousands of
 * streams). HTTP/1.1 keep-alive, chunked encoding, one virtual thread per connection. Run as a
 * single-file program: {@code java PacedSse.java port [intervalMillis]}.
 */
public class PacedSse {

    private static final Pattern MAX_TOKENS = Pattern.compile("\"max_tokens\"\\s*:\\s*(\\d+)");
    private static final String HEAD = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1767225600,\"model\":\"gpt-4o-mini\",";

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        long interval = (args.length > 1 ? Long.parseLong(args[1]) : 100) * 1_000_000L;
        try (var server = new ServerSocket(port, 65535, InetAddress.getLoopbackAddress());
             var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            System.out.println("paced SSE mock on port " + port);
            while (true) {
                Socket socket = server.accept();
                executor.submit(() -> serve(socket, interval));
            }
        }
    }

    private static void serve(Socket socket, long interval) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[65536];
            int filled = 0;
            while (true) {
                // Read one request: headers, then Content-Length bytes of body.
                int headerEnd;
                while ((headerEnd = indexOf(buffer, filled, "\r\n\r\n")) < 0) {
                    int n = in.read(buffer, filled, buffer.length - filled);
                    if (n < 0) {
                        return;
                    }
                    filled += n;
                }
                long arrived = System.nanoTime();
                String headers = new String(buffer, 0, headerEnd, StandardCharsets.ISO_8859_1).toLowerCase();
                int length = 0;
                for (String line : headers.split("\r\n")) {
                    if (line.startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                int total = headerEnd + 4 + length;
                while (filled < total) {
                    int n = in.read(buffer, filled, buffer.length - filled);
                    if (n < 0) {
                        return;
                    }
                    filled += n;
                }
                String body = new String(buffer, headerEnd + 4, length, StandardCharsets.UTF_8);
                System.arraycopy(buffer, total, buffer, 0, filled - total);
                filled -= total;
                var matcher = MAX_TOKENS.matcher(body);
                int chunks = matcher.find() ? Integer.parseInt(matcher.group(1)) : 16;
                boolean close = headers.contains("connection: close");

                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                        + "Transfer-Encoding: chunked\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(chunk("data: " + HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                        + "\"finish_reason\":null}]}\n\n"));
                out.flush();
                for (int k = 1; k <= chunks; k++) {
                    long wait = arrived + k * interval - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    out.write(chunk("data: " + HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word" + k
                            + " \"},\"finish_reason\":null}]}\n\n"));
                    out.flush();
                }
                out.write(chunk("data: " + HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                        + "data: " + HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + chunks
                        + ",\"total_tokens\":" + (chunks + 12) + "}}\n\ndata: [DONE]\n\n"));
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (close) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away
        }
    }

    private static byte[] chunk(String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        byte[] size = (Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[size.length + bytes.length + 2];
        System.arraycopy(size, 0, out, 0, size.length);
        System.arraycopy(bytes, 0, out, size.length, bytes.length);
        out[out.length - 2] = '\r';
        out[out.length - 1] = '\n';
        return out;
    }

    private static int indexOf(byte[] buffer, int limit, String needle) {
        outer:
        for (int i = 0; i + needle.length() <= limit; i++) {
            for (int j = 0; j < needle.length(); j++) {
                if (buffer[i + j] != needle.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
