package dev.warden.gateway.provider;

import dev.warden.policy.ProviderSpec;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.async.MinimalHttpAsyncClient;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.client5.http.impl.IdleConnectionEvictor;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Pooled HTTP clients per provider, with that provider's time limits. Separate pools keep one
 * slow provider from starving the others of connections. Streams go through a blocking client:
 * it runs on virtual threads, where blocking is cheap and streams are relayed without reactive
 * code. Whole answers go through an async client (see {@link #asyncClientFor}), still waited for
 * by the request's virtual thread.
 *
 * <p>Both are Apache HttpClient's minimal clients: a request goes straight to a pooled connection
 * with the four interceptors HTTP/1.1 needs (content headers, host, connection, user agent),
 * where the full client ran an execution chain for redirects, retries, authentication, cookies,
 * proxies and compression, all of which the gateway turns off (an upstream is called once, with
 * a key in a header, and its bytes are relayed as they come). That chain was about a quarter of
 * the client's CPU per call. The connect timeout comes from the connection configuration. The
 * blocking client's reads have no socket timeout, as {@link UpstreamCalls} keeps the provider's
 * read limit with the {@link StallWatch}, and its sockets are {@link SteadyTimeoutSocket}s, which
 * skip the timeout the pool would set again on every lease and release; the async client's
 * reactor keeps the read limit itself, with no timer per read. Idle connections are evicted by a
 * thread per client, as the full client's builder would start.
 */
@Component
public class ProviderClients implements DisposableBean {

    private static final int MAX_CONNECTIONS = 4096;
    private static final TimeValue MAX_IDLE = TimeValue.ofSeconds(30);

    /**
     * How often an async client's reactor checks its connections' read limits: a limit is noticed
     * up to this late, as the {@link StallWatch} notices a stream's.
     */
    private static final TimeValue TIMEOUT_CHECK = TimeValue.ofMilliseconds(100);

    private final Map<ProviderSpec, Pooled> clients = new ConcurrentHashMap<>();
    private final Map<ProviderSpec, PooledAsync> asyncClients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private record Pooled(CloseableHttpClient client, IdleConnectionEvictor evictor) {
    }

    private record PooledAsync(MinimalHttpAsyncClient client, IdleConnectionEvictor evictor) {
    }

    /** The provider's blocking client, for streams: a stream's reads are relayed as they come, on the request's thread. */
    public CloseableHttpClient clientFor(ProviderSpec provider) {
        // A plain read first: computeIfAbsent may lock the key's bin even when the key is there.
        var pooled = clients.get(provider);
        return (pooled != null ? pooled : clients.computeIfAbsent(provider, ProviderClients::build)).client();
    }

    /**
     * The provider's async client, for whole answers. Its reactor threads read every upstream
     * connection, so a request's virtual thread waits for the whole answer once, instead of
     * parking on the socket and being woken through the JDK's poller for the head and again for
     * the body: about a third less CPU per relayed request in the bench's floors (stacks.sh).
     */
    public MinimalHttpAsyncClient asyncClientFor(ProviderSpec provider) {
        var pooled = asyncClients.get(provider);
        if (pooled == null) {
            if (closed) {
                throw new IllegalStateException("the upstream clients are shut down");
            }
            pooled = asyncClients.computeIfAbsent(provider, ProviderClients::buildAsync);
        }
        return pooled.client();
    }

    private static Pooled build(ProviderSpec provider) {
        var timeouts = provider.timeouts();
        var connections = new SteadySocketPoolBuilder()
                // LAX: per-route pools without one pool-wide lock, which under load serialised
                // every lease and release; the total bound is then approximate, which is harmless.
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(timeouts.connect()))
                        .build())
                .build();
        var evictor = new IdleConnectionEvictor(connections, MAX_IDLE);
        evictor.start();
        return new Pooled(HttpClients.createMinimal(connections), evictor);
    }

    private static PooledAsync buildAsync(ProviderSpec provider) {
        var connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(provider.timeouts().connect()))
                        .build())
                // HTTP/1.1 only, as the blocking client speaks: no ALPN upgrade to HTTP/2 on TLS.
                .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                .build();
        var client = HttpAsyncClients.createMinimal(HttpVersionPolicy.FORCE_HTTP_1, H2Config.DEFAULT, Http1Config.DEFAULT,
                IOReactorConfig.custom().setSelectInterval(TIMEOUT_CHECK).build(), connections);
        client.start();
        var evictor = new IdleConnectionEvictor(connections, MAX_IDLE);
        evictor.start();
        return new PooledAsync(client, evictor);
    }

    /** The pool's builder, with connections made on {@link SteadyTimeoutSocket}s (TLS is layered on them as before). */
    private static final class SteadySocketPoolBuilder extends PoolingHttpClientConnectionManagerBuilder {

        @Override
        protected HttpClientConnectionOperator createConnectionOperator(SchemePortResolver ports, DnsResolver dns,
                                                                        TlsSocketStrategy tls) {
            return new DefaultHttpClientConnectionOperator(
                    socksProxy -> socksProxy == null ? new SteadyTimeoutSocket() : new SteadyTimeoutSocket(socksProxy), ports, dns,
                    RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, tls).build());
        }
    }

    @Override
    public void destroy() throws IOException {
        closed = true;
        for (var pooled : clients.values()) {
            pooled.evictor().shutdown();
            pooled.client().close();
        }
        for (var pooled : asyncClients.values()) {
            pooled.evictor().shutdown();
            pooled.client().close(CloseMode.GRACEFUL);
        }
    }
}
