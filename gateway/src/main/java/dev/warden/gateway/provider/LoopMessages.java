package dev.warden.gateway.provider;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;

/**
 * What {@link LoopUpstream} translates between the adapters' requests and responses (HttpClient's
 * classes, which every adapter prepares and every caller reads) and Netty's, and its TLS as the
 * blocking client has it. Stateless: no call's progress is kept here.
 */
final class LoopMessages {

    private LoopMessages() {
    }

    /** The adapter's prepared request as Netty sends it, its body wrapped rather than copied. */
    static DefaultFullHttpRequest request(HttpUriRequestBase request, URI uri) throws IOException {
        var target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        var entity = request.getEntity();
        ByteBuf body = entity == null ? Unpooled.EMPTY_BUFFER : entity instanceof ByteArrayEntity bytes ? wrapped(bytes) : null;
        if (body == null) {
            throw new IOException("only a body held in memory can be sent from the loop");
        }
        var message = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(request.getMethod()), target, body);
        for (Header header : request.getHeaders()) {
            message.headers().add(header.getName(), header.getValue());
        }
        message.headers().set(HttpHeaderNames.HOST, uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        if (entity != null && entity.getContentType() != null && !message.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
            message.headers().set(HttpHeaderNames.CONTENT_TYPE, entity.getContentType());
        }
        HttpUtil.setContentLength(message, body.readableBytes());
        return message;
    }

    /**
     * The entity's bytes, wrapped rather than copied: a {@link ByteArrayEntity} writes its own
     * array in one call, and nothing changes that array after the adapter built it.
     */
    private static ByteBuf wrapped(ByteArrayEntity entity) throws IOException {
        var sink = new OutputStream() {
            ByteBuf bytes = Unpooled.EMPTY_BUFFER;

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes = bytes.isReadable() ? Unpooled.wrappedBuffer(bytes, Unpooled.copiedBuffer(b, off, len))
                        : Unpooled.wrappedBuffer(b, off, len);
            }
        };
        entity.writeTo(sink);
        return sink.bytes;
    }

    /** An answer's head as the callers read a response from the blocking client: status and headers, body to be set. */
    static BasicClassicHttpResponse head(HttpResponse head) {
        var whole = new BasicClassicHttpResponse(head.status().code());
        for (var header : head.headers()) {
            whole.addHeader(header.getKey(), header.getValue());
        }
        return whole;
    }

    static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : tls(uri) ? 443 : 80;
    }

    static boolean tls(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    /** The JDK's default TLS context (its trust store, or the one {@code javax.net.ssl.trustStore} names). */
    static SslContext defaultTls() {
        try {
            return new JdkSslContext(SSLContext.getDefault(), true, ClientAuth.NONE);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no default TLS context", e);
        }
    }

    /**
     * TLS as the blocking client has it: the host name checked against the certificate, sent as
     * SNI, and the handshake bounded by the connect limit.
     */
    static SslHandler tlsHandler(SslContext tls, SocketChannel channel, String host, int port, Duration limit) {
        var engine = tls.newEngine(channel.alloc(), host, port);
        var parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        var handler = new SslHandler(engine);
        handler.setHandshakeTimeoutMillis(Math.max(1, limit.toMillis()));
        return handler;
    }
}
