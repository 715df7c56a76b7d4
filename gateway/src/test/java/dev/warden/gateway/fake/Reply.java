package dev.warden.gateway.fake;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a provider answers to one request when nothing goes wrong, before a fault bends it. */
sealed interface Reply {

    /** A response sent in one piece, with a {@code Content-Length}. */
    record Whole(int status, Map<String, String> headers, byte[] body) implements Reply {

        static Whole json(int status, String body, Map<String, String> extraHeaders) {
            var headers = new LinkedHashMap<String, String>();
            headers.put("Content-Type", "application/json");
            headers.putAll(extraHeaders);
            return new Whole(status, Map.copyOf(headers), body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Server-sent events, one per HTTP chunk. {@code lineEnd} is what the provider ends lines
     * with: Gemini uses CRLF, the others LF.
     */
    record Stream(Map<String, String> headers, List<Event> events, String lineEnd) implements Reply {

        byte[] frame(Event event) {
            var frame = new StringBuilder();
            if (event.name() != null) {
                frame.append("event: ").append(event.name()).append(lineEnd);
            }
            frame.append("data: ").append(event.data()).append(lineEnd).append(lineEnd);
            return frame.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** One server-sent event; {@code name} is null for data-only events. */
    record Event(String name, String data) {

        static Event data(String data) {
            return new Event(null, data);
        }
    }
}
