package dev.warden.gateway.front;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Reads each request whole, up to the gateway's body limit. A request over it is not answered
 * here with Netty's bare 413: it goes on as a {@link HeadOnlyRequest} without its body, so that
 * a model request gets its 413 in the client's error shape and its decision record, as on the
 * servlet side. The rest of its body is read and dropped, and the connection stays.
 */
final class BoundedAggregator extends HttpObjectAggregator {

    BoundedAggregator(long maxBodyBytes) {
        super((int) Math.min(maxBodyBytes, Integer.MAX_VALUE));
    }

    /**
     * A request that asks to continue and declares a body over the limit is refused by
     * {@link #handleOversizedMessage} in the client's shape, not with Netty's bare 413.
     */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        if (HttpUtil.is100ContinueExpected(start) && HttpUtil.getContentLength(start, -1L) > maxContentLength) {
            return null;
        }
        return super.newContinueResponse(start, maxContentLength, pipeline);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext context, HttpMessage oversized) throws Exception {
        if (oversized instanceof HttpRequest request) {
            // The decoder still frames the rest of the body, which the aggregator drops as it
            // comes, so the connection can carry the next request, and stays open while the
            // client is still sending: closing it then could reset the connection before the
            // client reads its answer. One that waits to be told to send its body may send it
            // or not, so its connection cannot tell where the next request starts, and closes.
            boolean keepAlive = !HttpUtil.is100ContinueExpected(request) && HttpUtil.isKeepAlive(request);
            context.fireChannelRead(new HeadOnlyRequest(request, keepAlive, true));
        } else {
            super.handleOversizedMessage(context, oversized);
        }
    }
}
