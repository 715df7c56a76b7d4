package dev.warden.gateway.front;

import dev.warden.gateway.api.ErrorWriter;
import dev.warden.gateway.api.GatewayException;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Relays a request the front does not serve itself (the console, the control API, the actuator,
 * {@code /v1/models}, any method or path the model endpoints do not take) to the servlet side on
 * its loopback port, and its answer back as it is read. These are few requests, so the relay is
 * a blocking client on the request's own thread; the servlet side does all the deciding (its
 * filters, its errors, its 404s and 405s).
 */
final class ServletRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServletRelay.class);

    /** Hop-by-hop headers (RFC 9110, 7.6.1), and the framing the client and the relay each set for themselves. */
    private static final Set<String> NOT_RELAYED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "content-length", "expect");

    private final HttpHost servletSide;
    private final CloseableHttpClient client;
    private final ErrorWriter errors;

    ServletRelay(int servletPort, ErrorWriter errors) {
        this.errors = errors;
        this.servletSide = new HttpHost("http", "127.0.0.1", servletPort);
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(256).setMaxConnPerRoute(256)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(5))
                        .setSocketTimeout(Timeout.of(5, TimeUnit.MINUTES))
                        .build())
                .build();
        this.client = HttpClients.createMinimal(connections);
    }

    void relay(Channel channel, FullHttpRequest message, boolean keepAlive) {
        var response = new ChannelResponse(channel, keepAlive, HttpVersion.HTTP_1_0.equals(message.protocolVersion()));
        var request = new BasicClassicHttpRequest(message.method().name(), servletSide, message.uri());
        for (Map.Entry<String, String> header : message.headers()) {
            if (!NOT_RELAYED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                request.addHeader(header.getKey(), header.getValue());
            }
        }
        if (message.content().isReadable() || message.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            byte[] body = new byte[message.content().readableBytes()];
            message.content().getBytes(message.content().readerIndex(), body);
            request.setEntity(new ByteArrayEntity(body, null));
        }
        try {
            client.execute(request, answer -> {
                response.status(answer.getCode());
                for (Header header : answer.getHeaders()) {
                    var name = header.getName().toLowerCase(Locale.ROOT);
                    if (name.equals("content-length")) {
                        response.contentLength(Long.parseLong(header.getValue().trim()));
                    } else if (!NOT_RELAYED.contains(name)) {
                        response.addHeader(header.getName(), header.getValue());
                    }
                }
                var entity = answer.getEntity();
                if (entity != null) {
                    try (var in = entity.getContent()) {
                        in.transferTo(response.body());
                    }
                }
                return null;
            });
            response.end();
        } catch (IOException | RuntimeException e) {
            if (response.committed() || response.isClientGone(e)) {
                channel.close();
                return;
            }
            log.warn("The servlet side did not answer {} {}: {}", message.method(), message.uri(), e.toString());
            response.reset();
            try {
                errors.write(response, null, new GatewayException(HttpStatus.BAD_GATEWAY, "server_error", "internal_error", null,
                        "The gateway's servlet side did not answer."));
            } catch (IOException ignored) {
                // the client is gone too
            }
            response.endOrClose();
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
