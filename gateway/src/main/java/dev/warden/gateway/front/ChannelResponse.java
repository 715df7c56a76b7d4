package dev.warden.gateway.front;

import dev.warden.gateway.exchange.ClientGone;
import dev.warden.gateway.exchange.ClientResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A response written to a Netty channel by the request's own thread or by the channel's event
 * loop (for a request served there, which never waits for the client), with what the request path relies on from a servlet response:
 * <ul>
 *   <li>status and headers stay open until the first bytes leave, and {@code resetBuffer} drops
 *       body bytes not sent yet, so that an error can still replace the whole answer;</li>
 *   <li>the body is buffered up to 8 KB and sent when the buffer fills or on {@code flush};</li>
 *   <li>a response ends when the request path is done with it ({@link #end}), not when its body
 *       reaches its declared length: a whole answer leaves after its decision record is written,
 *       as from Tomcat, which strict durability's promise depends on;</li>
 *   <li>a response ended without being sent goes as one message with its exact length, one
 *       started without a declared length is chunked.</li>
 * </ul>
 * Each send is one task on the channel's loop, whatever it holds (head, body, end). A client that
 * reads slowly holds the writing thread once the channel's outbound buffer is over its high-water
 * mark, as a blocking socket would, for at most the write timeout ({@link #WRITE_TIMEOUT} unless
 * told otherwise; then the connection is closed); a client gone fails the next write with {@link ClientGone}. An HTTP/1.0 client gets no
 * chunks: a response of unknown length ends by closing its connection.
 */
final class ChannelResponse implements ClientResponse {

    static final int BUFFER_SIZE = 8192;
    private static final int INITIAL_BUFFER_SIZE = 512;
    /** As long as Tomcat's connection timeout, which bounds its blocking writes. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

    private final Channel channel;
    private final boolean http10;
    private final Duration writeTimeout;
    private boolean keepAlive;
    private final HttpHeaders headers = new DefaultHttpHeaders();
    private final Body body = new Body();
    private int status = 200;
    private long declaredLength = -1;
    private boolean committed;
    private boolean ended;
    private volatile Throwable writeFailure;
    /** The last send's promise, for {@link #backlogged}; only read on the loop. */
    private ChannelPromise lastSend;

    ChannelResponse(Channel channel, boolean keepAlive, boolean http10) {
        this(channel, keepAlive, http10, WRITE_TIMEOUT);
    }

    /** @param writeTimeout how long a send may wait for a client that reads nothing ({@link #WRITE_TIMEOUT}) */
    ChannelResponse(Channel channel, boolean keepAlive, boolean http10, Duration writeTimeout) {
        this.channel = channel;
        this.keepAlive = keepAlive;
        this.http10 = http10;
        this.writeTimeout = writeTimeout;
    }

    @Override
    public void status(int status) {
        if (!committed) {
            this.status = status;
        }
    }

    int status() {
        return status;
    }

    @Override
    public void header(String name, String value) {
        if (committed) {
            return;
        }
        if (value == null) {
            headers.remove(name);
        } else {
            headers.set(name, value);
        }
    }

    /** Adds a value to the header, keeping those it had (a relayed {@code Set-Cookie}, say). */
    void addHeader(String name, String value) {
        if (!committed) {
            headers.add(name, value);
        }
    }

    @Override
    public void contentType(String type) {
        header(HttpHeaderNames.CONTENT_TYPE.toString(), type);
    }

    @Override
    public void contentLength(int length) {
        contentLength((long) length);
    }

    void contentLength(long length) {
        if (!committed) {
            declaredLength = length;
        }
    }

    @Override
    public boolean committed() {
        return committed;
    }

    @Override
    public void resetBuffer() {
        if (committed) {
            throw new IllegalStateException("The response's head has been sent: its body cannot be replaced.");
        }
        body.count = 0;
    }

    @Override
    public OutputStream body() {
        return body;
    }

    /** Drops status, headers and unsent body alike, so that an error can replace a response not sent yet. */
    void reset() {
        resetBuffer();
        headers.clear();
        status = 200;
        declaredLength = -1;
    }

    boolean ended() {
        return ended;
    }

    /** Sends what is left and ends the response; nothing once it has ended. */
    void end() throws IOException {
        if (ended) {
            return;
        }
        ended = true;
        send(true);
    }

    /** Closes the connection without ending the response: a stop has recorded its request as cut off. */
    void cutOff() {
        ended = true;
        channel.close();
    }

    /** Ends the response, or closes the connection when that is no longer possible (the client gone, say). */
    void endOrClose() {
        try {
            end();
        } catch (IOException | RuntimeException e) {
            channel.close();
        }
    }

    /**
     * Sends the buffered bytes, with the head first when it has not left yet, and the response's
     * end when {@code last}. Every send is flushed, as a servlet container writes a full buffer to
     * its socket: bytes left unflushed in the channel would count against its high-water mark
     * until the response's end, and a writer waiting for them to drain would wait for ever.
     */
    private void send(boolean last) throws IOException {
        checkClientThere();
        var messages = new ArrayList<Object>(3);
        // A heap copy, not a buffer from Netty's pool: this runs on the request's thread, and the
        // loop copies it to a pooled direct buffer of its own as it writes.
        ByteBuf content = body.count == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(Arrays.copyOf(body.bytes, body.count));
        body.count = 0;
        if (!committed && last) {
            var whole = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content, headers,
                    EmptyHttpHeaders.INSTANCE);
            if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH) && (declaredLength >= 0 || mayHaveBody())) {
                HttpUtil.setContentLength(whole, declaredLength >= 0 ? declaredLength : content.readableBytes());
            }
            messages.add(keepAliveOrNot(whole));
        } else {
            if (!committed) {
                messages.add(keepAliveOrNot(head()));
            }
            if (last) {
                messages.add(content.isReadable() ? new DefaultLastHttpContent(content) : LastHttpContent.EMPTY_LAST_CONTENT);
            } else if (content.isReadable()) {
                messages.add(new DefaultHttpContent(content));
            }
        }
        committed = true;
        write(messages, last && !keepAlive);
    }

    private HttpResponse head() {
        var head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), headers);
        if (declaredLength >= 0) {
            HttpUtil.setContentLength(head, declaredLength);
        } else if (headers.contains(HttpHeaderNames.CONTENT_LENGTH) || !mayHaveBody()) {
            return head;
        } else if (http10) {
            keepAlive = false; // its end is the connection's
        } else {
            HttpUtil.setTransferEncodingChunked(head, true);
        }
        return head;
    }

    private boolean mayHaveBody() {
        return status >= 200 && status != 204 && status != 304;
    }

    private HttpResponse keepAliveOrNot(HttpResponse response) {
        if (keepAlive && FrontHandler.closesAfterThis(channel)) {
            keepAlive = false; // the front is stopping: the client is told not to send more here
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return response;
    }

    /**
     * One task on the loop for the whole send. The thread waits for it only when the channel is
     * over its high-water mark (a slow client), so that a response never buffers without bound.
     */
    private void write(ArrayList<Object> messages, boolean closeAfter) throws IOException {
        if (messages.isEmpty()) {
            channel.flush();
            return;
        }
        ChannelPromise promise = channel.newPromise();
        promise.addListener(done -> {
            if (!done.isSuccess()) {
                writeFailure = done.cause();
            }
        });
        if (closeAfter) {
            promise.addListener(ChannelFutureListener.CLOSE);
        }
        lastSend = promise;
        if (channel.eventLoop().inEventLoop()) {
            // A response written by the loop itself never waits for the client: the loop is what
            // would drain it. A whole answer is bounded by the response size limit; a stream asks
            // backlogged() after each send and holds its upstream back while the client is behind.
            for (int i = 0; i < messages.size() - 1; i++) {
                channel.write(messages.get(i), channel.voidPromise());
            }
            channel.writeAndFlush(messages.getLast(), promise);
            return;
        }
        channel.eventLoop().execute(() -> {
            for (int i = 0; i < messages.size() - 1; i++) {
                channel.write(messages.get(i), channel.voidPromise());
            }
            channel.writeAndFlush(messages.getLast(), promise);
        });
        if (!channel.isWritable()) {
            awaitDrained(promise);
        }
    }

    /**
     * The loop's own writes never wait, so a writer there that sends for as long as its upstream
     * does (a stream) asks this after each send: over the high-water mark, it holds back until its
     * last send has left, for at most the write timeout (then the connection is closed, and
     * the next write finds the client gone), as a thread's write waits.
     */
    @Override
    public boolean backlogged(Runnable drained) {
        var last = lastSend;
        if (channel.isWritable() || last == null || last.isDone()) {
            return false;
        }
        var limit = channel.eventLoop().schedule(() -> {
            channel.close();
        }, writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        last.addListener(done -> {
            limit.cancel(false);
            drained.run();
        });
        return true;
    }

    @Override
    public Runnable whenGone(Runnable gone) {
        ChannelFutureListener closed = future -> gone.run();
        channel.closeFuture().addListener(closed);
        // removed when the writer is done: a kept-alive connection serves many responses
        return () -> channel.closeFuture().removeListener(closed);
    }

    private void awaitDrained(ChannelPromise promise) throws IOException {
        // A CompletableFuture rather than the promise's own await: a virtual thread waiting on it
        // parks instead of holding its carrier in Object.wait.
        var done = new CompletableFuture<Void>();
        promise.addListener(future -> done.complete(null));
        try {
            done.get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientGone("interrupted while the client read the response", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            channel.close();
            throw new ClientGone("the client read nothing of its response for " + writeTimeout.toMillis() + " ms", e);
        }
        checkClientThere();
    }

    private void checkClientThere() throws ClientGone {
        var failure = writeFailure;
        if (failure != null) {
            throw new ClientGone("the client's connection failed: " + failure.getMessage(), failure);
        }
        if (!channel.isActive()) {
            throw new ClientGone("the client closed its connection", null);
        }
    }

    /**
     * The body's bytes, buffered until they fill {@link #BUFFER_SIZE} or are flushed. The buffer
     * starts small and grows as a body needs it: a stream's events are flushed a few hundred bytes
     * at a time, and thousands of streams each holding 8 KB would hold tens of megabytes for nothing.
     */
    private final class Body extends OutputStream {

        private byte[] bytes = new byte[INITIAL_BUFFER_SIZE];
        private int count;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return; // as a servlet response ignores writes after its end
            }
            int left = len;
            int from = off;
            while (left > 0) {
                if (count == bytes.length && bytes.length < BUFFER_SIZE) {
                    bytes = Arrays.copyOf(bytes, Math.min(BUFFER_SIZE, Math.max(bytes.length * 2, count + left)));
                } else if (count == bytes.length) {
                    send(false);
                }
                int n = Math.min(left, bytes.length - count);
                System.arraycopy(b, from, bytes, count, n);
                count += n;
                from += n;
                left -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            if (!ended) {
                send(false);
            }
        }

        @Override
        public void close() throws IOException {
            end();
        }
    }
}
