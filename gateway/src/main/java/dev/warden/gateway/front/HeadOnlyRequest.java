package dev.warden.gateway.front;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A request passed on with its head only, its body dropped: refused before its body was read (no
 * valid key, {@link KeyCheck}) or because the body was over the limit ({@link BoundedAggregator}).
 * The request path answers it as the servlet side would, with a 401 or a 413 and a record.
 */
final class HeadOnlyRequest extends DefaultFullHttpRequest {

    private final boolean keepAlive;
    private final boolean oversized;

    /** @param keepAlive whether the connection can carry another request after the answer */
    HeadOnlyRequest(HttpRequest head, boolean keepAlive, boolean oversized) {
        super(head.protocolVersion(), head.method(), head.uri(), Unpooled.buffer(0), head.headers().copy(), EmptyHttpHeaders.INSTANCE);
        this.keepAlive = keepAlive;
        this.oversized = oversized;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    boolean oversized() {
        return oversized;
    }
}
