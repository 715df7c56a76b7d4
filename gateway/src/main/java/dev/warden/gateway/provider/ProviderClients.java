package dev.warden.gateway.provider;

import dev.warden.policy.ProviderSpec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.IdleConnectionEvictor;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One pooled HTTP client per provider, with that provider's time limits. Separate pools keep one
 * slow provider from starving the others of connections. Clients are blocking: they run on
 * virtual threads, where blocking is cheap and streams are relayed without reactive code.
 *
 * <p>They are Apache HttpClient's minimal clients: a request goes straight to a pooled connection
 * with the four interceptors HTTP/1.1 needs (content headers, host, connection, user agent),
 * where the full client ran an execution chain for redirects, retries, authentication, cookies,
 * proxies and compression, all of which the gateway turns off (an upstream is called once, with
 * a key in a header, and its bytes are relayed as they come). That chain was about a quarter of
 * the client's CPU per call. The connect timeout comes from the connection configuration; reads
 * have no socket timeout, as {@link UpstreamCalls} keeps the provider's read limit with the
 * {@link StallWatch}, and their sockets are {@link SteadyTimeoutSocket}s, which skip the timeout
 * the pool would set again on every lease and release. Idle connections are evicted by a thread
 * per client, as the full client's builder would start.
 *
 * <p>A pool holds at most the provider's {@code maxConnections}, which so bounds its calls in
 * progress, streams included. A call beyond them waits for a connection no longer than the
 * connect limit, as a connection that cannot be made would; {@link UpstreamCalls} then says which
 * bound was reached.
 */
@Component
public class ProviderClients implements DisposableBean {

    private static final TimeValue MAX_IDLE = TimeValue.ofSeconds(30);

    /** How each state of a pool's connections is counted, for the gauges. */
    private static final Map<String, ToIntFunction<PoolStats>> STATES = Map.of(
            "leased", PoolStats::getLeased, "available", PoolStats::getAvailable, "pending", PoolStats::getPending);

    private final Map<ProviderSpec, Pooled> clients = new ConcurrentHashMap<>();
    /** Each provider's newest pool by name, which its gauges read: a policy change that alters a provider builds it another. */
    private final Map<String, Pooled> newest = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    ProviderClients(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * @param provider    what the pool was built for
     * @param connections its connections
     * @param client      the provider's client over them
     * @param evictor     closes its idle connections
     * @param watched     each call's configuration: no response timeout (the stall watch keeps the
     *                    read limit; the pool sets the socket's own again on every lease, so the
     *                    next call on the connection has it back), and at most the connect limit
     *                    to wait for a free connection
     */
    private record Pooled(ProviderSpec provider, PoolingHttpClientConnectionManager connections, CloseableHttpClient client,
                          IdleConnectionEvictor evictor, RequestConfig watched) {
    }

    /** The provider's client, with the request given the configuration each call to it carries. */
    CloseableHttpClient clientFor(ProviderSpec provider, HttpUriRequestBase request) {
        // A plain read first: computeIfAbsent may lock the key's bin even when the key is there.
        var pooled = clients.get(provider);
        if (pooled == null) {
            pooled = clients.computeIfAbsent(provider, this::build);
        }
        request.setConfig(pooled.watched());
        return pooled.client();
    }

    private Pooled build(ProviderSpec provider) {
        var timeouts = provider.timeouts();
        var connections = new SteadySocketPoolBuilder()
                // LAX: per-route pools without one pool-wide lock, which under load serialised
                // every lease and release. It keeps no pool-wide total, so the bound is the
                // per-route one: a provider's calls all go to its base URL's host, one route.
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setMaxConnTotal(provider.maxConnections())
                .setMaxConnPerRoute(provider.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(timeouts.connect()))
                        .build())
                .build();
        var evictor = new IdleConnectionEvictor(connections, MAX_IDLE);
        evictor.start();
        var watched = RequestConfig.custom()
                .setResponseTimeout(Timeout.DISABLED)
                .setConnectionRequestTimeout(Timeout.of(timeouts.connect()))
                .build();
        var pooled = new Pooled(provider, connections, HttpClients.createMinimal(connections), evictor, watched);
        if (newest.put(provider.name(), pooled) == null) {
            measure(provider.name());
        }
        return pooled;
    }

    /**
     * The provider's connections by state, and its bound: a provider whose leased connections
     * stay at the bound is turning calls away (see {@code maxConnections}).
     */
    private void measure(String provider) {
        STATES.forEach((state, count) -> Gauge.builder("warden.provider.connections",
                        () -> count.applyAsInt(newest.get(provider).connections().getTotalStats()))
                .description("Connections to a provider: leased (a call in progress), available (idle), pending (calls waiting for one)")
                .tags("provider", provider, "state", state).register(meters));
        // the pool's own total is not kept by its LAX policy: the bound is the per-route one it was given
        Gauge.builder("warden.provider.connections.max", () -> newest.get(provider).provider().maxConnections())
                .description("The most connections to a provider at once (its maxConnections)")
                .tags("provider", provider).register(meters);
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
        for (var pooled : clients.values()) {
            pooled.evictor().shutdown();
            pooled.client().close();
        }
    }
}
