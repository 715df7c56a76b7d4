package dev.warden.gateway.provider;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;

/**
 * An open upstream response whose body has not been read yet, so that a stream can be relayed as
 * it arrives. Closing it returns the connection to the pool; {@link #abort()} drops the
 * connection instead, cancelling a call whose client has gone away.
 */
public final class UpstreamResponse implements AutoCloseable {

    private final HttpUriRequestBase request;
    private final ClassicHttpResponse response;
    /** Watches the reads of the body; null for an answer made in this process. */
    private final StallWatch.Watch watch;
    /** The whole body, for a response that was read into memory before it was handed over; else null. */
    private final byte[] held;
    /** Gives the provider's permit back once, as the response is closed; null for a response that holds none. */
    private final AtomicReference<Runnable> release;
    private InputStream body;
    /** Drops a stream read on the event loop ({@link #pushed}); else null. */
    private final Runnable abortPushed;

    private UpstreamResponse(HttpUriRequestBase request, ClassicHttpResponse response, StallWatch.Watch watch, byte[] held,
                             Runnable release) {
        this(request, response, watch, held, release, null);
    }

    private UpstreamResponse(HttpUriRequestBase request, ClassicHttpResponse response, StallWatch.Watch watch, byte[] held,
                             Runnable release, Runnable abort) {
        this.abortPushed = abort;
        this.request = request;
        this.response = response;
        this.watch = watch;
        this.held = held;
        this.release = release == null ? null : new AtomicReference<>(release);
    }

    /** A whole response made in this process, by a model the gateway runs itself. */
    public static UpstreamResponse inProcess(int status, byte[] json) {
        var response = new BasicClassicHttpResponse(status);
        response.setHeader("Content-Type", "application/json");
        response.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
        return new UpstreamResponse(null, response, null, json, null);
    }

    /**
     * A whole response read by {@link LoopUpstream}: its body is in memory, so reading it never
     * waits, and it holds no connection.
     */
    static UpstreamResponse inMemory(BasicClassicHttpResponse head, byte[] body) {
        head.setEntity(new ByteArrayEntity(body, null));
        return new UpstreamResponse(null, head, null, body, null);
    }

    /**
     * A stream's answer from {@link LoopUpstream} at its head: its body is pushed to the call's
     * {@link LoopUpstream.Receiver}, not read from here. Closing it runs {@code close} (the rest of
     * the body is read and dropped, to keep the connection), aborting it {@code abort} (the call and
     * its connection are dropped), each only if the body has not ended.
     */
    static UpstreamResponse pushed(BasicClassicHttpResponse head, Runnable close, Runnable abort) {
        var response = brokenBody(head, new IOException("a stream read on the event loop is pushed to its receiver, not read"));
        return new UpstreamResponse(null, response.response, null, null, close, abort);
    }

    /**
     * A response whose head came and whose body did not (it broke off, stalled, or was longer than
     * the gateway relays): reading the body fails with {@code failure}, as it would from the
     * blocking client.
     */
    static UpstreamResponse brokenBody(BasicClassicHttpResponse head, IOException failure) {
        head.setEntity(new InputStreamEntity(new InputStream() {
            @Override
            public int read() throws IOException {
                throw failure;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                throw failure;
            }
        }, -1, null));
        return new UpstreamResponse(null, head, null, null, null);
    }

    /**
     * Wraps a response opened for {@code request}, which stays cancellable through {@link #abort()};
     * with a watch, its body is read under it until the response is closed, which also runs
     * {@code release} (once).
     */
    static UpstreamResponse open(HttpUriRequestBase request, ClassicHttpResponse response, StallWatch.Watch watch,
                                 Runnable release) {
        return new UpstreamResponse(request, response, watch, null, release);
    }

    public int status() {
        return response.getCode();
    }

    public String header(String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    public String contentType() {
        var type = header("Content-Type");
        return type == null ? "application/json" : type;
    }

    public InputStream body() throws IOException {
        if (body == null) {
            var entity = response.getEntity();
            var content = entity == null ? InputStream.nullInputStream() : entity.getContent();
            body = watch == null ? content : watch.body(content);
        }
        return body;
    }

    /**
     * Reads the whole body, failing if it is longer than {@code maxBytes}. A body of declared
     * length is read into one array of that length; without a length, the JDK reads it in 16 KB
     * buffers, which for the usual answer of a few hundred bytes meant allocating (and zeroing)
     * far more than the answer. A body already in memory is handed over as it is, not copied.
     */
    public byte[] readBody(long maxBytes) throws IOException {
        if (held != null && body == null) {
            body = InputStream.nullInputStream();
            if (held.length > maxBytes) {
                throw new UpstreamFailure(UpstreamFailure.Kind.BROKEN, "the upstream response exceeds " + maxBytes + " bytes", null);
            }
            return held;
        }
        var entity = response.getEntity();
        long declared = entity == null ? -1 : entity.getContentLength();
        try (var in = body()) {
            var bytes = declared >= 0 && declared <= maxBytes
                    ? in.readNBytes((int) declared)
                    : in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxBytes) {
                throw new UpstreamFailure(UpstreamFailure.Kind.BROKEN, "the upstream response exceeds " + maxBytes + " bytes", null);
            }
            return bytes;
        }
    }

    public void abort() {
        if (request != null) {
            request.cancel();
        }
        if (abortPushed != null) {
            abortPushed.run();
        }
        close();
    }

    @Override
    public void close() {
        try {
            closeWatched();
        } finally {
            var released = release == null ? null : release.getAndSet(null);
            if (released != null) {
                released.run();
            }
        }
    }

    private void closeWatched() {
        if (watch == null) {
            closeResponse();
            return;
        }
        // Closing reads what is left of the body so that the connection can be reused; the
        // connection has no socket timeout, so that read waits under the watch like any other.
        watch.readStarts();
        try {
            closeResponse();
        } finally {
            watch.readEnds();
            watch.end();
        }
    }

    private void closeResponse() {
        try {
            response.close();
        } catch (IOException e) {
            // the connection is discarded either way; nothing the caller can do about it
        }
    }
}
