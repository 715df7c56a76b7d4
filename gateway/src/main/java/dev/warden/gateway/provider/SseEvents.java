package dev.warden.gateway.provider;

import java.io.IOException;
import java.io.InputStream;

/** Reads a server-sent event stream event by event. */
public final class SseEvents {

    private final SseLines lines;
    private final SseEventBuilder builder = new SseEventBuilder();

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
        while (true) {
            var line = lines.next();
            if (line == null) {
                return builder.take();
            }
            var event = builder.line(line);
            if (event != null) {
                return event;
            }
        }
    }
}
