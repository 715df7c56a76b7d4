package dev.warden.gateway.fake;

import dev.warden.gateway.fake.FakeProvider.Received;
import dev.warden.gateway.fake.Reply.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The model names that make a {@link FakeProvider} misbehave, the same for every format, and the
 * misbehaviour itself: each fault is answered in the format's own error shape or wire format, so
 * that one fault-injection test can run every fault against every provider type.
 */
public final class Faults {

    /** 429 in the format's error shape, with {@code Retry-After: 1}. */
    public static final String RATE_LIMITED = "fault-429";
    /** 500 in the format's error shape. */
    public static final String SERVER_ERROR = "fault-500";
    /** 503 in the format's error shape. */
    public static final String UNAVAILABLE = "fault-503";
    /** A stream: the headers and two events, then a TCP reset. A whole response: a reset before any byte. */
    public static final String RESET = "fault-reset";
    /** Three seconds of silence, then the normal answer. */
    public static final String SLOW_FIRST_BYTE = "fault-slow-first";
    /** A stream: the headers and two events, then silence for 30 s. A whole response: 30 s of silence. */
    public static final String STALL = "fault-stall";
    /** 200 whose body (whole) or whose second event (stream) is not valid JSON. */
    public static final String MALFORMED = "fault-malformed";
    /**
     * A stream: two events, then a clean end at the HTTP level without the format's end marker.
     * A whole response: half the announced {@code Content-Length}, then the connection closes.
     */
    public static final String TRUNCATED = "fault-truncated";
    /** A stream: one event, then nothing until {@link FakeProvider#releaseGate()} (10 s at most). */
    public static final String GATED = "fault-gated";

    /** The faults a fault-injection suite runs against every format; gated and flaky need a test's help. */
    public static final List<String> ALL = List.of(RATE_LIMITED, SERVER_ERROR, UNAVAILABLE, RESET, SLOW_FIRST_BYTE,
            STALL, MALFORMED, TRUNCATED);

    static final Duration SLOW_FIRST_BYTE_DELAY = Duration.ofSeconds(3);
    static final Duration STALL_TIME = Duration.ofSeconds(30);
    static final Duration GATE_TIMEOUT = Duration.ofSeconds(10);
    static final long PAUSE_BETWEEN_EVENTS_MILLIS = 20;

    private static final Pattern FLAKY = Pattern.compile("fault-flaky-(\\d)");
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private volatile CountDownLatch gate = new CountDownLatch(1);

    Faults() {
    }

    /** A model that fails with 503 for its first {@code failures} requests, then answers normally. */
    public static String flaky(int failures) {
        if (failures < 0 || failures > 9) {
            throw new IllegalArgumentException("a flaky model fails 0 to 9 times, not " + failures);
        }
        return "fault-flaky-" + failures;
    }

    void releaseGate() {
        gate.countDown();
    }

    void reset() {
        attempts.clear();
        gate.countDown();
        gate = new CountDownLatch(1);
    }

    /** Answers one request as the responder would, bent by the fault its model names. */
    void answer(HttpConnection connection, Responder responder, Received request, String model) throws IOException {
        switch (model) {
            case RATE_LIMITED -> send(connection, withRetryAfter(responder.error(429, "Rate limit reached for requests.")));
            case SERVER_ERROR -> send(connection, responder.error(500, "The server had an error processing the request."));
            case UNAVAILABLE -> send(connection, responder.error(503, "The service is overloaded, try again later."));
            case SLOW_FIRST_BYTE -> {
                await(connection, NEVER, SLOW_FIRST_BYTE_DELAY);
                deliver(connection, responder.answer(request), model);
            }
            default -> {
                if (failsThisTime(model)) {
                    send(connection, responder.error(503, "The service is overloaded, try again later."));
                } else {
                    deliver(connection, responder.answer(request), model);
                }
            }
        }
    }

    private boolean failsThisTime(String model) {
        var flaky = FLAKY.matcher(model);
        return flaky.matches()
                && attempts.computeIfAbsent(model, m -> new AtomicInteger()).incrementAndGet() <= Integer.parseInt(flaky.group(1));
    }

    private void deliver(HttpConnection connection, Reply reply, String model) throws IOException {
        switch (reply) {
            case Reply.Whole whole -> deliverWhole(connection, whole, model);
            case Reply.Stream stream -> deliverStream(connection, stream, model);
        }
    }

    private void deliverWhole(HttpConnection connection, Reply.Whole whole, String model) throws IOException {
        switch (model) {
            case RESET -> connection.reset();
            case STALL -> {
                await(connection, NEVER, STALL_TIME);
                connection.close();
            }
            case MALFORMED -> connection.send(200, whole.headers(), "{\"id\": \"broken".getBytes(StandardCharsets.UTF_8));
            case TRUNCATED -> connection.sendShort(whole.status(), whole.headers(), whole.body(), whole.body().length / 2);
            case GATED -> {
                await(connection, gate, GATE_TIMEOUT);
                send(connection, whole);
            }
            default -> send(connection, whole);
        }
    }

    private void deliverStream(HttpConnection connection, Reply.Stream stream, String model) throws IOException {
        connection.startChunked(200, stream.headers());
        var events = stream.events();
        int cut = Math.min(2, events.size() - 1);
        for (int i = 0; i < events.size(); i++) {
            if (i == cut && cutsHere(connection, model)) {
                return;
            }
            var event = model.equals(MALFORMED) && i == 1 ? new Event(events.get(i).name(), "{\"broken\": ") : events.get(i);
            connection.writeChunk(stream.frame(event));
            if (model.equals(GATED) && i == 0) {
                await(connection, gate, GATE_TIMEOUT);
            } else if (i < events.size() - 1) {
                HttpConnection.pause(PAUSE_BETWEEN_EVENTS_MILLIS);
            }
        }
        connection.endChunked();
    }

    /** Ends a stream early as the fault says; false when the model names no such fault. */
    private static boolean cutsHere(HttpConnection connection, String model) throws IOException {
        switch (model) {
            case RESET -> connection.reset();
            case TRUNCATED -> connection.endChunked();
            case STALL -> {
                await(connection, NEVER, STALL_TIME);
                connection.close();
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void await(HttpConnection connection, CountDownLatch release, Duration max) throws IOException {
        if (!connection.waitWhileClientStays(release, max)) {
            throw new IOException("the client went away while the fake was waiting");
        }
    }

    private static void send(HttpConnection connection, Reply.Whole whole) throws IOException {
        connection.send(whole.status(), whole.headers(), whole.body());
    }

    private static Reply.Whole withRetryAfter(Reply.Whole error) {
        var headers = new LinkedHashMap<>(error.headers());
        headers.put("Retry-After", "1");
        return new Reply.Whole(error.status(), headers, error.body());
    }
}
