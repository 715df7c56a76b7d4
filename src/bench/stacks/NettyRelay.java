import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;

/**
 * A floor for stacks.sh, not a gateway: the relay of TomcatRelay (read the request's body, post it
 * upstream, copy the answer back; no JSON, no governance) on Netty, the shape item 8 of RESULTS.md
 * proposes for the model endpoints. One event loop per core serves the client's connections, and
 * each client connection's upstream calls run on a connection owned by the same event loop, so no
 * request is handed from one thread to another: the client's bytes are read, the upstream is
 * written, its answer read and the client written, all on the loop that accepted the connection.
 * It shows what Netty's HTTP codec and pipeline cost here against loop-relay's hand-written
 * selector loop.
 *
 * <p>Arguments: port upstreamUrl.
 */
public class NettyRelay {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        var upstream = URI.create(args[1]);
        int cores = Runtime.getRuntime().availableProcessors();
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup loops = new NioEventLoopGroup(cores);
        var client = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true);
        new ServerBootstrap().group(boss, loops).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new Relay(client, upstream));
                    }
                })
                .bind(port).sync().channel().closeFuture().sync();
    }

    /**
     * One client connection: its requests go upstream one at a time (HTTP/1.1 without pipelining,
     * as wrk sends them), on one upstream connection of its own, opened on the client connection's
     * event loop and kept alive. An upstream connection that closes before it answers closes the
     * client's too, so that no client waits for an answer that will not come.
     */
    private static final class Relay extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final Bootstrap client;
        private final URI upstream;
        private final int upstreamPort;
        private Channel upstreamChannel;
        private boolean connecting;
        private FullHttpRequest waiting;
        private boolean inFlight;
        private boolean keepAlive;
        private ChannelHandlerContext clientContext;

        Relay(Bootstrap client, URI upstream) {
            this.client = client;
            this.upstream = upstream;
            this.upstreamPort = upstream.getPort() > 0 ? upstream.getPort() : 80;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
            clientContext = context;
            keepAlive = HttpUtil.isKeepAlive(request);
            var outbound = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                    upstream.getPath() + new QueryStringDecoder(request.uri()).path(), request.content().retain());
            outbound.headers().set(HttpHeaderNames.HOST, upstream.getAuthority())
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, outbound.content().readableBytes());
            var credential = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            if (credential != null) {
                outbound.headers().set(HttpHeaderNames.AUTHORIZATION, credential);
            }
            if (upstreamChannel != null && upstreamChannel.isActive()) {
                send(outbound);
                return;
            }
            waiting = outbound;
            if (!connecting) {
                connect(context);
            }
        }

        private void send(FullHttpRequest request) {
            inFlight = true;
            upstreamChannel.writeAndFlush(request);
        }

        private void connect(ChannelHandlerContext context) {
            connecting = true;
            var opening = client.clone(context.channel().eventLoop()).handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), new Answer(Relay.this));
                }
            }).connect(upstream.getHost(), upstreamPort);
            upstreamChannel = opening.channel();
            opening.addListener((ChannelFutureListener) done -> {
                connecting = false;
                var request = waiting;
                waiting = null;
                if (!done.isSuccess()) {
                    if (request != null) {
                        request.release();
                    }
                    context.close();
                } else if (request != null) {
                    send(request);
                }
            });
        }

        /** The upstream connection closes, or said it will: the next request opens another. */
        void upstreamGone(Channel channel) {
            if (upstreamChannel != channel) {
                return;
            }
            upstreamChannel = null;
            if (inFlight) {
                clientContext.close();
            }
        }

        void answered(FullHttpResponse answer) {
            inFlight = false;
            ByteBuf body = answer.content().retain();
            var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.status().code()), body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.headers().get(HttpHeaderNames.CONTENT_TYPE, "application/json"));
            HttpUtil.setContentLength(response, body.readableBytes());
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = clientContext.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (upstreamChannel != null) {
                upstreamChannel.close();
            }
            if (waiting != null) {
                waiting.release();
                waiting = null;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }

    /** The upstream connection's side: each answer goes back to the client connection it serves. */
    private static final class Answer extends SimpleChannelInboundHandler<FullHttpResponse> {

        private final Relay relay;

        Answer(Relay relay) {
            this.relay = relay;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpResponse answer) {
            relay.answered(answer);
            if (!HttpUtil.isKeepAlive(answer)) {
                relay.upstreamGone(context.channel());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            relay.upstreamGone(context.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
            relay.clientContext.close();
        }
    }
}
