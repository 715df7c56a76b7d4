package dev.warden.gateway.provider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/** Reads a server-sent event stream event by event. */
public final class SseEvents {

    private static final int MAX_EVENT_LINES = 10_000;

    private final SseLines lines;

    public SseEvents(InputStream in) {
        this.lines = new SseLines(in);
    }

    /** Whether the next event has been read from the stream already, so that {@link #next} will not wait for it. */
    public boolean nextIsBuffered() {
        return lines.eventBuffered();
    }

    /**
     * The next event, or null at the end of the stream. An event cut off by the end of the stream
     * is returned if it carried data, so that the caller can judge the stream by its last event.
     */
    public SseEvent next() throws IOException {
        var raw = new ArrayList<byte[]>(2);
        String event = null;
        StringBuilder data = null;
        while (true) {
            var line = lines.next();
            if (line == null || line.length == 0) {
                if (data != null || event != null) {
                    return new SseEvent(event, data == null ? "" : data.toString(), raw);
                }
                if (line == null) {
                    return null;
                }
                continue;
            }
            raw.add(line);
            if (raw.size() > MAX_EVENT_LINES) {
                throw new IOException("an event has more than " + MAX_EVENT_LINES + " lines");
            }
            var text = new String(line, StandardCharsets.UTF_8);
            if (text.startsWith("data:")) {
                var value = text.substring(text.length() > 5 && text.charAt(5) == ' ' ? 6 : 5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            } else if (text.startsWith("event:")) {
                event = text.substring(6).strip();
            }
        }
    }
}
