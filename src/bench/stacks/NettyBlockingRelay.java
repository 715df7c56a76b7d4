import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * A floor for stacks.sh, not a gateway: Netty's HTTP server in front of the blocking upstream call
 * Warden makes now. The event loop reads the request whole and hands it to a worker thread, which
 * posts it upstream through HttpClient 5's pooled minimal client (as Warden does), reads the answer,
 * and hands the response back to the loop to write. It is the cheap form of RESULTS item 8's
 * rewrite: the request path kept synchronous, only the server replaced. Against netty-relay (no
 * thread change) and tomcat-relay (Tomcat's server) it shows what the server alone is worth when
 * the request still changes thread twice.
 *
 * <p>Arguments: workers port upstreamUrl, where workers is {@code virtual} (a virtual thread per
 * request, netty-vt) or {@code platform} (a pool of platform threads, one per request in progress,
 * netty-pool).
 */
public class NettyBlockingRelay {

    public static void main(String[] args) throws Exception {
        ExecutorService workers = switch (args[0]) {
            case "virtual" -> Executors.newVirtualThreadPerTaskExecutor();
            case "platform" -> Executors.newCachedThreadPool();
            default -> throw new IllegalArgumentException("workers: virtual or platform, not " + args[0]);
        };
        int port = Integer.parseInt(args[1]);
        String upstream = args[2];
        var pool = PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(4096).setMaxConnPerRoute(4096).build();
        CloseableHttpClient client = HttpClients.createMinimal(pool);
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup loops = new NioEventLoopGroup(Runtime.getRuntime().availableProcessors());
        new ServerBootstrap().group(boss, loops).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new Handoff(workers, client, upstream));
                    }
                })
                .bind(port).sync().channel().closeFuture().sync();
    }

    private static final class Handoff extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final ExecutorService workers;
        private final CloseableHttpClient client;
        private final String upstream;

        Handoff(ExecutorService workers, CloseableHttpClient client, String upstream) {
            this.workers = workers;
            this.client = client;
            this.upstream = upstream;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
            byte[] body = ByteBufUtil.getBytes(request.content());
            String path = new QueryStringDecoder(request.uri()).path();
            String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            workers.execute(() -> relay(context, body, path, authorization, keepAlive));
        }

        private void relay(ChannelHandlerContext context, byte[] body, String path, String authorization, boolean keepAlive) {
            HttpPost post = new HttpPost(upstream + path);
            if (authorization != null) {
                post.setHeader("Authorization", authorization);
            }
            post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
            DefaultFullHttpResponse response;
            try {
                response = client.execute(post, answer -> {
                    byte[] bytes = answer.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(answer.getEntity());
                    var relayed = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.getCode()),
                            Unpooled.wrappedBuffer(bytes));
                    var type = answer.getEntity() == null ? null : answer.getEntity().getContentType();
                    relayed.headers().set(HttpHeaderNames.CONTENT_TYPE, type == null ? "application/json" : type);
                    return relayed;
                });
            } catch (Exception e) {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY);
            }
            HttpUtil.setContentLength(response, response.content().readableBytes());
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = context.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }
}
