package dev.warden.gateway.front;

import dev.warden.gateway.exchange.ClientRequest;
import dev.warden.gateway.exchange.Exchange;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.io.InputStream;

/** A request the event loop read whole, as the request path reads it. */
record ChannelRequest(Exchange exchange, FullHttpRequest request, String path) implements ClientRequest {

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String header(String name) {
        return request.headers().get(name);
    }

    @Override
    public Iterable<String> headerNames() {
        return request.headers().names();
    }

    @Override
    public long declaredLength() {
        return HttpUtil.getContentLength(request, -1L);
    }

    /** The body as read; a view, so that reading it twice reads it from its start twice. */
    @Override
    public InputStream body() {
        return new ByteBufInputStream(request.content().duplicate());
    }
}
