package dev.warden.gateway.front;

import dev.warden.gateway.api.ErrorWriter;
import dev.warden.gateway.api.GatewayException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayDeque;
import org.springframework.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the front. Each request it reads whole goes to a thread of its own:
 * a model request ({@code POST} to a model endpoint's exact path) to {@link ModelExchanges}, any
 * other to {@link ServletRelay}. Requests on one connection are answered in order, one at a
 * time: a client that pipelines has its next requests held (up to {@link #MAX_PIPELINED}, and
 * nothing more is read from it meanwhile) until the one before is answered. A connection idle
 * between requests for the keep-alive time is closed; all of this runs on the connection's loop.
 */
final class FrontHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FrontHandler.class);

    static final int MAX_PIPELINED = 16;

    private final ModelExchanges models;
    private final ServletRelay relay;
    private final ErrorWriter errors;
    private final NettyFront.Requests threads;
    private final long maxBodyBytes;
    private final KeyCheck reading;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    /** {@code waiting}'s size, for a response written on a worker ({@link #closesAfterThis}). */
    private volatile int held;
    private boolean busy;
    private boolean closing;

    /** @param reading the connection's key check, which knows whether a request is being read */
    FrontHandler(ModelExchanges models, ServletRelay relay, ErrorWriter errors, NettyFront.Requests threads, long maxBodyBytes,
                 KeyCheck reading) {
        this.models = models;
        this.errors = errors;
        this.relay = relay;
        this.threads = threads;
        this.maxBodyBytes = maxBodyBytes;
        this.reading = reading;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (!(message instanceof FullHttpRequest request)) {
            context.fireChannelRead(message);
            return;
        }
        if (busy) {
            if (waiting.size() == MAX_PIPELINED) {
                request.release();
                context.close();
                return;
            }
            waiting.add(request);
            held = waiting.size();
            // Counted in progress while held, so that a stop's drain waits for it too.
            threads.begin();
            // Read no more until this connection's requests so far are answered: a client that
            // pipelines holds at most what was read with them.
            context.channel().config().setAutoRead(false);
            return;
        }
        start(context, request);
    }

    private void start(ChannelHandlerContext context, FullHttpRequest request) {
        busy = true;
        try {
            hand(context, request);
        } catch (RuntimeException e) {
            // nothing took the request: the loop answers it, and the connection closes
            request.release();
            log.warn("A request could not be handed to a thread: {}", e.toString());
            answer(context, new GatewayException(HttpStatus.SERVICE_UNAVAILABLE, "server_error", "unavailable", null,
                    "The gateway cannot take this request now."), false);
        }
    }

    private void hand(ChannelHandlerContext context, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            request.release();
            answer(context, GatewayException.badRequest(null, "The request could not be read as HTTP/1.1."), false);
            return;
        }
        boolean oversized = request instanceof HeadOnlyRequest head && head.oversized();
        // While the front stops, the connection is kept only for the requests already read behind this one.
        boolean keepAlive = (request instanceof HeadOnlyRequest head ? head.keepAlive() : HttpUtil.isKeepAlive(request))
                && !(draining(context.channel()) && waiting.isEmpty());
        closing = !keepAlive;
        // The path as sent, not decoded: only an exact model endpoint path is served here, and
        // anything escaped goes to the servlet side, which decides what it means (or refuses it).
        var path = pathOf(request.uri());
        var endpoint = HttpMethod.POST.equals(request.method()) ? models.endpoint(path) : null;
        var channel = context.channel();
        if (endpoint == null && oversized) {
            // What the servlet side's own bound answers (the control API's, say), without the
            // body it would not have read either; the rest of it is dropped as it comes.
            request.release();
            answer(context, GatewayException.tooLarge(maxBodyBytes), keepAlive);
            if (keepAlive) {
                next(context);
            }
            return;
        }
        if (endpoint != null && threads.onLoop()) {
            serveOnLoop(context, request, endpoint, path, keepAlive, oversized);
            return;
        }
        threads.execute(() -> {
            try {
                if (endpoint != null) {
                    models.serve(endpoint, channel, request, path, keepAlive, oversized);
                } else {
                    relay.relay(channel, request, keepAlive);
                }
            } catch (Throwable unexpected) {
                log.error("Unexpected failure serving {} {}", request.method(), path, unexpected);
                channel.close();
            } finally {
                request.release();
                context.executor().execute(() -> next(context));
            }
        });
    }

    /** A model request begun on this loop ({@link ModelExchanges#serveOnLoop}), counted as in progress until it ends. */
    private void serveOnLoop(ChannelHandlerContext context, FullHttpRequest request, dev.warden.gateway.api.ModelEndpoint endpoint,
                             String path, boolean keepAlive, boolean oversized) {
        threads.begin();
        Runnable done = () -> {
            request.release();
            threads.end();
            if (context.executor().inEventLoop()) {
                next(context);
            } else {
                context.executor().execute(() -> next(context));
            }
        };
        try {
            models.serveOnLoop(endpoint, context.channel(), request, path, keepAlive, oversized, threads.workers(), done);
        } catch (Throwable unexpected) {
            log.error("Unexpected failure serving {} {}", request.method(), path, unexpected);
            context.channel().close();
            done.run();
        }
    }

    /** The request target's path as sent, without its query. */
    static String pathOf(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    /** The request in progress is answered: the next one held, if any, starts, unless the connection is closing. */
    private void next(ChannelHandlerContext context) {
        busy = false;
        if (closing || !context.channel().isActive()) {
            dropHeld();
            return;
        }
        if (draining(context.channel()) && waiting.isEmpty()) {
            // The front is stopping and nothing is held here: the connection closes, unless a request
            // is being read, which is answered first (KeyCheck tells again once it is read).
            if (!closeIfIdle(context)) {
                context.channel().config().setAutoRead(true);
                context.read();
            }
            return;
        }
        var request = waiting.poll();
        held = waiting.size();
        if (request != null) {
            start(context, request);
            threads.end(); // held no more: counted again as it started
        }
        if (!busy) {
            context.channel().config().setAutoRead(true);
            context.read();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof IdleStateEvent && !busy) {
            context.close();
        } else if (event == DRAIN) {
            // A connection between requests closes now; one in a request, once it is answered ({@link #next}).
            closeIfIdle(context);
        } else {
            context.fireUserEventTriggered(event);
        }
    }

    /**
     * Told to every connection as the front stops ({@link NettyFront#stop}), once its port is
     * closed: from then on each connection closes as soon as it has no request in progress, none
     * read and held behind it, and none being read, so that a client does not send its next
     * request on a connection about to be cut off; what it sent before is answered.
     */
    static final Object DRAIN = new Object() {
        @Override
        public String toString() {
            return "drain";
        }
    };

    /**
     * Whether the front is stopping: its port, the parent of every connection it accepted, is
     * closed. A response begun from then on says {@code Connection: close} ({@link ChannelResponse}),
     * and its connection closes after it.
     */
    static boolean draining(Channel channel) {
        var port = channel.parent();
        return port != null && !port.isOpen();
    }

    /**
     * Whether the response being written is the connection's last: the front is stopping and no
     * request read after this one is held to be answered on it.
     */
    static boolean closesAfterThis(Channel channel) {
        if (!draining(channel)) {
            return false;
        }
        var handler = channel.pipeline().get(FrontHandler.class);
        return handler == null || handler.held == 0;
    }

    /** Closes the connection if no request is in progress on it or being read; returns whether it did. */
    private boolean closeIfIdle(ChannelHandlerContext context) {
        if (busy || reading.receiving()) {
            return false;
        }
        closeOnceWritten(context);
        return true;
    }

    /** Closes the connection once everything written to it has left. */
    private static void closeOnceWritten(ChannelHandlerContext context) {
        context.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Drops the requests held: the connection is closing before their turn. */
    private void dropHeld() {
        for (var request = waiting.poll(); request != null; request = waiting.poll()) {
            request.release();
            threads.end();
        }
        held = 0;
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        dropHeld();
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();
    }

    /**
     * An error the loop answers itself, for a request no thread will serve, in the shape the
     * servlet side gives a request without an exchange ({@link ErrorWriter}); unless the
     * connection is kept, it then closes.
     */
    private void answer(ChannelHandlerContext context, GatewayException error, boolean keepAlive) {
        var body = errors.bodyBytes(error);
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(error.status().value()),
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (keepAlive) {
            context.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
