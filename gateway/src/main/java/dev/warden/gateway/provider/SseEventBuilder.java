package dev.warden.gateway.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * Builds events from a stream's lines, one line at a time, for both readers of a stream: the one
 * that pulls its bytes ({@link SseEvents}) and the one they are pushed to ({@link SseFeed}).
 */
final class SseEventBuilder {

    private static final int MAX_EVENT_LINES = 10_000;

    private ArrayList<byte[]> raw = new ArrayList<>(2);
    private String event;
    private String data;
    private StringBuilder joined;

    /**
     * Takes one line, without its ending; returns the event a blank line completes, else null.
     * A blank line after no field (after comments alone, say) completes nothing: those lines are
     * relayed with the next event.
     */
    SseEvent line(byte[] line) throws IOException {
        if (line.length == 0) {
            return take();
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
        return null;
    }

    /**
     * The event the lines so far make, if they carried a field, else null: at the stream's end, an
     * event cut off is still returned, so that the caller can judge the stream by its last event.
     */
    SseEvent take() {
        if (data == null && event == null) {
            return null;
        }
        var made = new SseEvent(event, joined != null ? joined.toString() : data == null ? "" : data, raw);
        raw = new ArrayList<>(2);
        event = null;
        data = null;
        joined = null;
        return made;
    }
}
