import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Holds N concurrent server-sent-event streams open against one endpoint and reports how many
 * completed cleanly. One virtual thread and one plain socket per stream, so that thousands of
 * streams cost the client little. Run as a single-file program: {@code java StreamLoad.java ...}.
 *
 * <p>A stream counts as good when it answered 200, delivered at least {@code chunks} data
 * events, ended with {@code data: [DONE]}, carried no error event and finished within
 * {@code deadlineSeconds} of its start. Output: one line of key=value pairs on stdout.
 *
 * <p>Arguments: host port path authorization models(comma-separated) streams chunks rampSeconds
 * deadlineSeconds [labels]. The request asks for {@code max_tokens = chunks}; the mock sends that
 * many content chunks, one every 100 ms.
 */
public class StreamLoad {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        String authorization = args[3];
        String[] models = args[4].split(",");
        int streams = Integer.parseInt(args[5]);
        int chunks = Integer.parseInt(args[6]);
        double rampSeconds = Double.parseDouble(args[7]);
        long deadlineMillis = (long) (Double.parseDouble(args[8]) * 1000);
        String labels = args.length > 9 ? args[9] : "project=bench";

        var errors = new ConcurrentHashMap<String, AtomicInteger>();
        var good = new AtomicInteger();
        var open = new AtomicInteger();
        var maxOpen = new AtomicInteger();
        var firstByteMicros = new AtomicLongArray(streams);
        var durationMillis = new AtomicLongArray(streams);
        var maxGapMillis = new AtomicLongArray(streams);
        var done = new CountDownLatch(streams);
        long start = System.nanoTime();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < streams; i++) {
                long due = start + (long) (rampSeconds * 1e9 * i / streams);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                String model = models[i % models.length];
                int index = i;
                executor.submit(() -> {
                    try {
                        String error = stream(host, port, path, authorization, model, chunks, labels, deadlineMillis,
                                open, maxOpen, firstByteMicros, durationMillis, maxGapMillis, index);
                        if (error == null) {
                            good.incrementAndGet();
                        } else {
                            errors.computeIfAbsent(error, k -> new AtomicInteger()).incrementAndGet();
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] ttfb = new long[streams];
        int n = 0;
        for (int i = 0; i < streams; i++) {
            if (firstByteMicros.get(i) > 0) {
                ttfb[n++] = firstByteMicros.get(i);
            }
        }
        ttfb = Arrays.copyOf(ttfb, n);
        Arrays.sort(ttfb);
        long[] durations = completed(durationMillis);
        long[] gaps = completed(maxGapMillis);
        int errorCount = streams - good.get();
        Map<String, Integer> byKind = new TreeMap<>();
        errors.forEach((k, v) -> byKind.put(k, v.get()));
        var kinds = new StringBuilder();
        byKind.forEach((k, v) -> kinds.append(kinds.isEmpty() ? "" : "+").append(k).append(':').append(v));
        System.out.printf("streams=%d good=%d errors=%d max_open=%d seconds=%.1f ttfb_p50_ms=%.1f ttfb_p99_ms=%.1f"
                        + " duration_p50_s=%.1f duration_p99_s=%.1f max_gap_p50_ms=%d max_gap_p99_ms=%d kinds=%s%n",
                streams, good.get(), errorCount, maxOpen.get(), seconds,
                percentile(ttfb, 50) / 1000.0, percentile(ttfb, 99) / 1000.0,
                percentile(durations, 50) / 1000.0, percentile(durations, 99) / 1000.0,
                percentile(gaps, 50), percentile(gaps, 99),
                kinds.isEmpty() ? "none" : kinds);
    }

    private static long[] completed(AtomicLongArray values) {
        long[] out = new long[values.length()];
        int n = 0;
        for (int i = 0; i < values.length(); i++) {
            if (values.get(i) > 0) {
                out[n++] = values.get(i);
            }
        }
        out = Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String stream(String host, int port, String path, String authorization, String model, int chunks,
                                 String labels, long deadlineMillis, AtomicInteger open, AtomicInteger maxOpen,
                                 AtomicLongArray firstByteMicros, AtomicLongArray durationMillis,
                                 AtomicLongArray maxGapMillis, int index) {
        long started = System.nanoTime();
        String body = "{\"model\":\"" + model + "\",\"stream\":true,\"max_tokens\":" + chunks
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Stream a long answer, please.\"}]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                + (authorization.isEmpty() ? "" : "Authorization: " + authorization + "\r\n")
                + "x-warden-labels: " + labels + "\r\n"
                + "Content-Type: application/json\r\nAccept: text/event-stream\r\nConnection: close\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n";
        boolean counted = false;
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setSoTimeout(20_000);
            int now = open.incrementAndGet();
            counted = true;
            maxOpen.accumulateAndGet(now, Math::max);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            var in = new Lines(socket.getInputStream());
            String status = in.next();
            if (status == null) {
                return "closed-before-status";
            }
            firstByteMicros.set(index, Math.max(1, (System.nanoTime() - started) / 1000));
            for (String header; (header = in.next()) != null && !header.isEmpty(); ) {
                // chunk-size lines of a chunked body are read as lines too and ignored: Warden and
                // the mock flush whole events, so no chunk boundary falls inside a data line
            }
            if (!status.contains(" 200")) {
                return "status-" + status.split(" ")[1];
            }
            int dataEvents = 0;
            boolean sawDone = false;
            long last = System.nanoTime();
            long maxGap = 0;
            for (String text; (text = in.next()) != null; ) {
                if (text.startsWith("data:")) {
                    long arrived = System.nanoTime();
                    maxGap = Math.max(maxGap, arrived - last);
                    last = arrived;
                    String data = text.substring(5).trim();
                    if (data.equals("[DONE]")) {
                        sawDone = true;
                        break;
                    }
                    if (data.startsWith("{\"error\"")) {
                        return "error-event";
                    }
                    dataEvents++;
                }
            }
            if (!sawDone) {
                return "no-done";
            }
            if (dataEvents < chunks) {
                return "short-stream";
            }
            long took = (System.nanoTime() - started) / 1_000_000;
            durationMillis.set(index, Math.max(1, took));
            maxGapMillis.set(index, Math.max(1, maxGap / 1_000_000));
            if (took > deadlineMillis) {
                return "too-slow";
            }
            return null;
        } catch (java.net.SocketTimeoutException e) {
            return "timeout";
        } catch (java.net.ConnectException e) {
            return "connect-refused";
        } catch (IOException e) {
            return "io-" + e.getClass().getSimpleName();
        } finally {
            if (counted) {
                open.decrementAndGet();
            }
        }
    }

    /** Lines of a socket's input, without their CR LF; unsynchronised, unlike BufferedInputStream. */
    private static final class Lines {
        private final InputStream in;
        private final byte[] buffer = new byte[16384];
        private int position;
        private int limit;
        private byte[] line = new byte[512];

        Lines(InputStream in) {
            this.in = in;
        }

        /** The next line, or null at the end of the stream. */
        String next() throws IOException {
            int length = 0;
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return length == 0 ? null : new String(line, 0, length, StandardCharsets.UTF_8);
                    }
                }
                byte b = buffer[position++];
                if (b == '\n') {
                    if (length > 0 && line[length - 1] == '\r') {
                        length--;
                    }
                    return new String(line, 0, length, StandardCharsets.UTF_8);
                }
                if (length == line.length) {
                    line = Arrays.copyOf(line, length * 2);
                }
                line[length++] = b;
            }
        }
    }
}
