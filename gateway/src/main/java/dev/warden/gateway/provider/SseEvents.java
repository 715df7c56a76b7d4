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
        String data = null;
        StringBuilder joined = null;
        while (true) {
            var line = lines.next();
            if (line == null || line.length == 0) {
                if (data != null || event != null) {
                    return new SseEvent(event, joined != null ? joined.toString() : data == null ? "" : data, raw);
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
            // Only the value is decoded: the field names are ASCII, so byte and character offsets agree.
            if (SseLines.isField(line, SseLines.DATA)) {
                int from = SseLines.DATA.length;
                if (line.length > from && line[from] == ' ') {
                    from++;
                }
                var value = new String(line, from, line.length - from, StandardCharsets.UTF_8);
                if (data == null) {
                    data = value;
                } else {
                    // an event of several data lines, which is rare: joined by newlines
                    joined = (joined == null ? new StringBuilder(data) : joined).append('\n').append(value);
                }
            } else if (SseLines.isField(line, SseLines.EVENT)) {
                event = new String(line, SseLines.EVENT.length, line.length - SseLines.EVENT.length, StandardCharsets.UTF_8).strip();
            }
        }
    }
}
