package dev.warden.gateway.front;

import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.auth.ApiKeys;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Checks a model request's key on its head, before its body is read. The servlet side reads no
 * body before its key filter has let the request through; without this, any client, key or not,
 * could make the front hold a body of up to the limit on each of its connections. A request
 * without a valid key goes on at once as a {@link HeadOnlyRequest}, to be refused with 401 and
 * recorded by {@link ModelExchanges} as any other, and its body is dropped as it arrives. The
 * check is the in-memory one the request path makes ({@link ApiKeys}), so it costs the loop a
 * cache lookup.
 */
final class KeyCheck extends ChannelInboundHandlerAdapter {

    private final ModelExchanges models;
    private final ApiKeys keys;
    private boolean dropping;
    /** A request's head has been read and its last content not yet (kept or dropped): the connection is not idle. */
    private boolean receiving;

    KeyCheck(ModelExchanges models, ApiKeys keys) {
        this.models = models;
        this.keys = keys;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        boolean last = message instanceof LastHttpContent;
        if (dropping && message instanceof HttpContent content) {
            dropping = !last;
            content.release();
        } else if (message instanceof HttpRequest head && !(message instanceof FullHttpMessage)) {
            receiving = true;
            if (refused(head)) {
                dropping = true;
                // One waiting to be told to send its body may still send it, or not: its connection
                // cannot tell, and closes after the answer.
                context.fireChannelRead(new HeadOnlyRequest(head, HttpUtil.isKeepAlive(head) && !HttpUtil.is100ContinueExpected(head),
                        false));
            } else {
                context.fireChannelRead(message);
            }
        } else {
            context.fireChannelRead(message);
        }
        if (last) {
            receiving = false;
            if (FrontHandler.draining(context.channel())) {
                // the front is stopping: a connection this request kept open may close once it is answered
                context.fireUserEventTriggered(FrontHandler.DRAIN);
            }
        }
    }

    /** Whether a request is being read: its head came and its last content not yet. On the connection's loop. */
    boolean receiving() {
        return receiving;
    }

    private boolean refused(HttpRequest head) {
        if (!head.decoderResult().isSuccess() || !HttpMethod.POST.equals(head.method()) || models.endpoint(FrontHandler.pathOf(head.uri())) == null) {
            return false;
        }
        try {
            keys.authenticate(head.headers().get("Authorization"), head.headers().get("x-api-key"));
            return false;
        } catch (GatewayException refused) {
            return true;
        }
    }
}
