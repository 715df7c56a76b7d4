package dev.warden.gateway.provider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Collects a whole upstream answer on the async client's reactor thread, as a classic response
 * with its body in memory, so that the rest of the gateway reads it as it read the blocking
 * client's. At most {@code maxBytes + 1} bytes are kept: a longer body fails the call once that
 * much has come, and reading it then fails as too long, as it did from the socket.
 *
 * <p>A call that fails after the response's head arrived (the body broke off, stopped coming, or
 * was too long) still has a response: {@link #brokenAfterHead} gives it, with a body that yields
 * what arrived and then fails as the call did, so that a broken body is reported as one, not as a
 * call that never answered (which would be retried elsewhere).
 */
final class WholeAnswer implements AsyncResponseConsumer<ClassicHttpResponse> {

    private final long maxBytes;
    private volatile HttpResponse head;
    private ContentType contentType;
    private FutureCallback<ClassicHttpResponse> result;
    private byte[] body = new byte[0];
    private int length;

    WholeAnswer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The body is longer than the gateway relays. */
    static final class TooLong extends IOException {
        TooLong(long maxBytes) {
            super("the upstream response exceeds " + maxBytes + " bytes");
        }
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
                                FutureCallback<ClassicHttpResponse> resultCallback) {
        head = response;
        if (entity == null) {
            resultCallback.completed(response(null));
            return;
        }
        contentType = ContentType.parseLenient(entity.getContentType());
        long declared = entity.getContentLength();
        body = new byte[declared >= 0 && declared <= maxBytes ? (int) declared : 1024];
        result = resultCallback;
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // 1xx: nothing to keep
    }

    @Override
    public void updateCapacity(CapacityChannel channel) throws IOException {
        channel.update(Integer.MAX_VALUE);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
        int n = src.remaining();
        long room = maxBytes + 1 - length;
        int kept = (int) Math.min(n, room);
        if (length + kept > body.length) {
            body = Arrays.copyOf(body, (int) Math.min(maxBytes + 1, Math.max(length + kept, 2L * body.length)));
        }
        src.get(body, length, kept);
        length += kept;
        if (length > maxBytes) {
            throw new TooLong(maxBytes);
        }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        result.completed(response(new ByteArrayEntity(body, 0, length, contentType)));
    }

    @Override
    public void failed(Exception cause) {
        // the client fails the call's future with the same cause
    }

    @Override
    public void releaseResources() {
        // nothing held beyond the buffer
    }

    /** Whether the response's head arrived before the call failed. */
    boolean headArrived() {
        return head != null;
    }

    /** The response whose head arrived, its body what came before {@code failure}, then the failure. */
    ClassicHttpResponse brokenAfterHead(IOException failure) {
        var failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw failure;
            }
        };
        var arrived = new ByteArrayInputStream(body, 0, length);
        return response(new InputStreamEntity(new SequenceInputStream(arrived, failing), -1, contentType));
    }

    private ClassicHttpResponse response(org.apache.hc.core5.http.HttpEntity entity) {
        var response = new BasicClassicHttpResponse(head.getCode(), head.getReasonPhrase());
        response.setVersion(head.getVersion());
        response.setHeaders(head.getHeaders());
        response.setEntity(entity);
        return response;
    }
}
