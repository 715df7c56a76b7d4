package dev.warden.gateway.api;

import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.SseEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The client's side of an OpenAI event stream. Events are written, and sent by {@link #flush}:
 * the relay flushes before it waits for the upstream ({@link UpstreamReads}) and when the stream
 * ends, so each event arrives as it happens and events an upstream sent together leave together.
 */
final class ClientStream {

    private final OutputStream out;
    private final Runnable abortUpstream;

    ClientStream(OutputStream out, Runnable abortUpstream) {
        this.out = out;
        this.abortUpstream = abortUpstream;
    }

    /**
     * Writes the event's lines as one array: each write to the client's stream passes through
     * the server's buffer checks, and a chunk's three or four small writes cost more than the copy.
     */
    void write(SseEvent event) throws IOException {
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
    }

    void writeData(String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Sends what was written. */
    void flush() throws IOException {
        out.flush();
    }

    /** The stream's end marker is written: it leaves as {@link StreamEnds} says. */
    void end(StreamEnds ends) throws IOException {
        ends.end(out);
    }

    /** Ends the stream with an OpenAI error event and records why. */
    void failWith(Exchange exchange, ErrorWriter errors, String code, String message) {
        exchange.interrupted("upstream_interrupted", code, message);
        try {
            writeData(new String(errors.bodyBytes(OpenAiStreamPassthrough.streamError(code, message)), StandardCharsets.UTF_8));
            flush();
        } catch (IOException e) {
            clientGone(exchange);
        }
    }

    /** The client went away: cancel the upstream call at once, so no connection or thread is held for nothing. */
    void clientGone(Exchange exchange) {
        clientGone(exchange, abortUpstream);
    }

    /** A stream's client went away, whatever the relay writes to it with: recorded, and the upstream cancelled. */
    static void clientGone(Exchange exchange, Runnable abortUpstream) {
        exchange.interrupted("client_aborted", "client_disconnected", "the client went away mid-stream");
        abortUpstream.run();
    }
}
