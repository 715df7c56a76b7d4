package dev.warden.gateway.api;

import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.SseEvent;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The client's side of an OpenAI event stream: writes events and flushes them, so that each
 * arrives as it happens. An event is flushed at once unless the caller knows the next one is
 * already at hand: events an upstream sent together then leave in one write to the socket rather
 * than one each, and no event ever waits for the upstream.
 */
final class ClientStream {

    private final ServletOutputStream out;
    private final Runnable abortUpstream;

    ClientStream(ServletOutputStream out, Runnable abortUpstream) {
        this.out = out;
        this.abortUpstream = abortUpstream;
    }

    /**
     * Writes the event's lines as one array: each write to the servlet stream passes through
     * Tomcat's buffer checks, and a chunk's three or four small writes cost more than the copy.
     */
    void write(SseEvent event) throws IOException {
        write(event, true);
    }

    /** @param flush false only when the caller flushes before it next waits for the upstream */
    void write(SseEvent event, boolean flush) throws IOException {
        var lines = event.lines();
        int length = 1;
        for (var line : lines) {
            length += line.length + 1;
        }
        var bytes = new byte[length];
        int at = 0;
        for (var line : lines) {
            System.arraycopy(line, 0, bytes, at, line.length);
            at += line.length;
            bytes[at++] = '\n';
        }
        bytes[at] = '\n';
        out.write(bytes);
        if (flush) {
            out.flush();
        }
    }

    void writeData(String data) throws IOException {
        writeData(data, true);
    }

    /** @param flush as for {@link #write(SseEvent, boolean)} */
    void writeData(String data, boolean flush) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        if (flush) {
            out.flush();
        }
    }

    /** Sends what was written without a flush. */
    void flush() throws IOException {
        out.flush();
    }

    /** Ends the stream with an OpenAI error event and records why. */
    void failWith(Exchange exchange, ErrorWriter errors, String code, String message) {
        exchange.interrupted("upstream_interrupted", code, message);
        try {
            writeData(new String(errors.bodyBytes(OpenAiStreamPassthrough.streamError(code, message)), StandardCharsets.UTF_8));
        } catch (IOException e) {
            clientGone(exchange);
        }
    }

    /** The client went away: cancel the upstream call at once, so no connection or thread is held for nothing. */
    void clientGone(Exchange exchange) {
        exchange.interrupted("client_aborted", "client_disconnected", "the client went away mid-stream");
        abortUpstream.run();
    }
}
