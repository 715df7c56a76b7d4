import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator: sends POST requests at a fixed rate, evenly spaced, whether or not
 * earlier ones have been answered, and measures each latency from the moment the request was
 * due (so a stall shows in the percentiles instead of slowing the load down). Keep-alive
 * connections are pooled, at most {@code maxConnections} requests are in flight; one virtual
 * thread per request. Run as a single-file program: {@code java OpenLoad.java ...}.
 *
 * <p>Arguments: host port path headersFile bodyFile rate seconds warmupSeconds [maxConnections].
 * The headers file holds one "Name: value" a line. Output: one line of key=value pairs. With
 * {@code -Dopenload.trace=FILE}, each answered request of the measured run is also written to FILE
 * as "decisionId dueMicros sendMicros latencyMicros": Warden's {@code x-warden-decision-id} ("-"
 * without one), when it was due (microseconds since the epoch, the clock Warden's records use),
 * how long this program took to have it written to the socket, and its latency. Joined with the
 * decision records, it splits each request's time between this program, the way into Warden,
 * Warden, and the way back.
 */
public class OpenLoad {

    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Epoch nanoseconds minus System.nanoTime(), to place due times on the wall clock. */
    private static final long EPOCH_OFFSET_NANOS = epochNanos() - System.nanoTime();

    record Connection(Socket socket, InputStream in, OutputStream out) {
    }

    private final String host;
    private final int port;
    private final byte[] request;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
    private final Semaphore inFlight;
    /** The measured run's requests, when traced; null otherwise (and during the warm-up). */
    private volatile ConcurrentLinkedQueue<String> trace;

    OpenLoad(String host, int port, byte[] request, int maxConnections) {
        this.host = host;
        this.port = port;
        this.request = request;
        this.inFlight = new Semaphore(maxConnections);
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        var headers = new StringBuilder();
        for (String line : Files.readAllLines(Path.of(args[3]))) {
            if (!line.isBlank()) {
                headers.append(line.strip()).append("\r\n");
            }
        }
        byte[] body = Files.readAllBytes(Path.of(args[4]));
        double rate = Double.parseDouble(args[5]);
        double seconds = Double.parseDouble(args[6]);
        double warmup = Double.parseDouble(args[7]);
        int maxConnections = args.length > 8 ? Integer.parseInt(args[8]) : 256;
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n" + headers
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);

        var load = new OpenLoad(host, port, request, maxConnections);
        if (warmup > 0) {
            load.run(rate, warmup);
        }
        String traceFile = System.getProperty("openload.trace");
        if (traceFile != null) {
            load.trace = new ConcurrentLinkedQueue<>();
        }
        long started = System.nanoTime();
        Result result = load.run(rate, seconds);
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] sorted = Arrays.copyOf(result.latencies, result.ok.get());
        Arrays.sort(sorted);
        System.out.printf("OPEN sent=%d ok=%d errors=%d rps=%.1f p50_us=%d p99_us=%d p999_us=%d max_us=%d elapsed_s=%.2f%n",
                result.sent, result.ok.get(), result.sent - result.ok.get(), result.ok.get() / seconds,
                percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 99.9),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1], elapsed);
        if (traceFile != null) {
            Files.write(Path.of(traceFile), load.trace);
        }
        for (Connection c; (c = load.idle.poll()) != null; ) {
            c.socket().close();
        }
    }

    record Result(int sent, AtomicInteger ok, long[] latencies) {
    }

    Result run(double rate, double seconds) throws InterruptedException {
        int total = (int) Math.round(rate * seconds);
        long[] latencies = new long[total];
        var ok = new AtomicInteger();
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime() + 1_000_000;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
                executor.submit(() -> {
                    long latency = send(due);
                    if (latency >= 0) {
                        latencies[ok.getAndIncrement()] = latency / 1000;
                    }
                });
            }
            executor.shutdown();
            // Requests still unanswered this long after the last was due count as errors.
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        }
        return new Result(total, ok, latencies);
    }

    /** Nanoseconds from when the request was due to its complete 2xx answer, or -1. */
    private long send(long due) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            return -1;
        }
        Connection connection = null;
        try {
            connection = idle.poll();
            if (connection == null) {
                var socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), 5_000);
                connection = new Connection(socket, new BufferedInputStream(socket.getInputStream(), 16384),
                        socket.getOutputStream());
            }
            connection.socket().setSoTimeout((int) Math.max(1, (TIMEOUT_NANOS - (System.nanoTime() - due)) / 1_000_000));
            connection.out().write(request);
            connection.out().flush();
            long sent = System.nanoTime();
            String[] decisionId = {"-"};
            int answer = readResponse(connection.in(), decisionId);
            long latency = System.nanoTime() - due;
            var traced = trace;
            if (traced != null && (answer % 1000) / 100 == 2) {
                traced.add(decisionId[0] + " " + (due + EPOCH_OFFSET_NANOS) / 1000 + " " + (sent - due) / 1000 + " " + latency / 1000);
            }
            if (answer < 1000) { // else the server closes the connection after this answer
                idle.add(connection);
                connection = null;
            }
            return (answer % 1000) / 100 == 2 && latency < TIMEOUT_NANOS ? latency : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        } finally {
            if (connection != null) {
                try {
                    connection.socket().close();
                } catch (IOException ignored) {
                    // closing a broken connection
                }
            }
            inFlight.release();
        }
    }

    /**
     * Reads one whole response (Content-Length or chunked): its status, plus 1000 when the server
     * closes; sets decisionId[0] from its x-warden-decision-id.
     */
    private static int readResponse(InputStream in, String[] decisionId) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new IOException("connection closed");
        }
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header; (header = line(in)) != null && !header.isEmpty(); ) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase();
            String value = header.substring(colon + 1).trim().toLowerCase();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> close = value.contains("close");
                case "x-warden-decision-id" -> decisionId[0] = value;
                default -> { }
            }
        }
        if (chunked) {
            while (true) {
                String size = line(in);
                if (size == null) {
                    throw new IOException("connection closed in a chunked body");
                }
                int semicolon = size.indexOf(';');
                long n = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                if (n == 0) {
                    while (true) { // trailers up to the empty line
                        String trailer = line(in);
                        if (trailer == null || trailer.isEmpty()) {
                            break;
                        }
                    }
                    break;
                }
                skip(in, n);
                line(in);
            }
        } else if (length >= 0) {
            skip(in, length);
        } else {
            close = true;
            while (in.read() != -1) {
                // a body delimited by the end of the connection
            }
        }
        return Integer.parseInt(status.split(" ")[1]) + (close ? 1000 : 0);
    }

    private static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() == -1) {
                    throw new IOException("connection closed in a body");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }

    private static String line(InputStream in) throws IOException {
        var buffer = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] b = buffer.toByteArray();
                int size = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, size, StandardCharsets.ISO_8859_1);
            }
            buffer.write(c);
        }
        return buffer.size() == 0 ? null : buffer.toString(StandardCharsets.ISO_8859_1);
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static long epochNanos() {
        var now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
