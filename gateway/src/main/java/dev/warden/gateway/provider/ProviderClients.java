package dev.warden.gateway.provider;

import dev.warden.gateway.policy.ActivePolicy;
import dev.warden.gateway.policy.PolicyActivated;
import dev.warden.policy.ProviderSpec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpHost;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
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
 * <p>A pool holds at most the provider's {@code maxConnections}. The bound on calls in progress,
 * streams included, is kept with the event loop's client's calls counted too
 * ({@link ProviderPermits}, taken by {@link UpstreamCalls}): a call beyond it waits no longer than
 * the connect limit, as a connection that cannot be made would, and then says which bound was
 * reached.
 *
 * <p>Pools are keyed by the whole provider, so a policy change that alters a provider builds it
 * another. The pool it supersedes (or the pool of a provider the policy no longer has) is retired:
 * no call is given it from then on, and it is closed, with its evictor thread, once no call is
 * in it, so a stream in progress finishes on it first. A request that began under the old policy
 * and calls afterwards gets a pool of its own, retired in turn.
 */
@Component
public class ProviderClients implements DisposableBean {

    private static final TimeValue MAX_IDLE = TimeValue.ofSeconds(30);
    /** The name of a pool's evictor thread, before its provider's name. */
    static final String EVICTOR = "provider-pool-evictor-";

    /** How each state of a pool's connections is counted, for the gauges. */
    private static final Map<String, ToIntFunction<PoolStats>> STATES = Map.of(
            "leased", PoolStats::getLeased, "available", PoolStats::getAvailable, "pending", PoolStats::getPending);

    private static final Logger log = LoggerFactory.getLogger(ProviderClients.class);

    /** The pools calls are given. */
    private final Map<ProviderSpec, Pooled> clients = new ConcurrentHashMap<>();
    /** Pools no call is given any more, until the last call in them ends. */
    private final Set<Pooled> retiring = ConcurrentHashMap.newKeySet();
    private final Map<String, List<Meter>> gauges = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Supplier<Map<String, ProviderSpec>> inForce;

    @Autowired
    ProviderClients(MeterRegistry meters, ActivePolicy policy) {
        this(meters, () -> policy.current().providers());
    }

    /** @param inForce the providers of the policy in force, by name */
    ProviderClients(MeterRegistry meters, Supplier<Map<String, ProviderSpec>> inForce) {
        this.meters = meters;
        this.inForce = inForce;
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
                          IdleConnectionEvictor evictor, RequestConfig watched, Entering entering) {

        /**
         * No call is in the pool: none is leasing a connection, waiting for one, or holding one. The
         * count of calls on their way in is read first: a call counted in after that sees the pool
         * retired and goes elsewhere, and one that was in has its connection counted by then.
         */
        boolean idle() {
            if (entering.calls.get() != 0) {
                return false;
            }
            var stats = connections.getTotalStats();
            return stats.getLeased() == 0 && stats.getPending() == 0;
        }
    }

    /**
     * The calls on their way into a pool, between finding it and holding a connection, which its
     * statistics do not count yet. A call counts itself in and then reads {@code retired}; the
     * sweep sets {@code retired} and then reads the count, so either the call sees the pool retired
     * and looks again, or the sweep sees the call and leaves the pool open.
     */
    private static final class Entering {
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean retired;
    }

    /**
     * Sends a request with the provider's client and returns the response once its head has
     * arrived, its connection held until the response is closed.
     */
    ClassicHttpResponse send(ProviderSpec provider, HttpHost target, HttpUriRequestBase request) throws IOException {
        while (true) {
            // A plain read first: computeIfAbsent may lock the key's bin even when the key is there.
            var pooled = clients.get(provider);
            if (pooled == null) {
                pooled = clients.computeIfAbsent(provider, this::build);
            }
            var entering = pooled.entering();
            entering.calls.incrementAndGet();
            try {
                if (entering.retired) {
                    continue; // retired since it was found: the next look finds or builds another
                }
                request.setConfig(pooled.watched());
                // The minimal client takes the target host from the caller, not from the request's URI.
                return pooled.client().executeOpen(target, request, null);
            } finally {
                entering.calls.decrementAndGet();
            }
        }
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
        var evictor = new IdleConnectionEvictor(connections,
                Thread.ofPlatform().name(EVICTOR + provider.name()).daemon().factory(), MAX_IDLE, MAX_IDLE);
        evictor.start();
        var watched = RequestConfig.custom()
                .setResponseTimeout(Timeout.DISABLED)
                .setConnectionRequestTimeout(Timeout.of(timeouts.connect()))
                .build();
        var pooled = new Pooled(provider, connections, HttpClients.createMinimal(connections), evictor, watched, new Entering());
        if (provider.equals(inForce.get().get(provider.name()))) {
            gauges.computeIfAbsent(provider.name(), this::measure);
        }
        return pooled;
    }

    /**
     * Retires the pools of providers not in force as they are, and closes the retired pools no call
     * is in. It runs when a policy is activated, and now and then for the streams that were still
     * in a retired pool then. One sweep at a time, so that a pool is closed once.
     */
    @EventListener(PolicyActivated.class)
    @Scheduled(fixedDelayString = "PT30S", initialDelayString = "PT30S")
    synchronized void retireSuperseded() {
        var providers = inForce.get();
        clients.forEach((provider, pooled) -> {
            if (!provider.equals(providers.get(provider.name())) && clients.remove(provider, pooled)) {
                pooled.entering().retired = true;
                retiring.add(pooled);
            }
        });
        gauges.entrySet().removeIf(entry -> {
            if (providers.containsKey(entry.getKey())) {
                return false;
            }
            entry.getValue().forEach(meters::remove);
            return true;
        });
        retiring.removeIf(pooled -> {
            if (!pooled.idle()) {
                return false;
            }
            close(pooled);
            return true;
        });
    }

    /** How many pools there are for a provider of this name: calls are given one, and any more are retiring. */
    int pools(String provider) {
        return (int) (clients.keySet().stream().filter(spec -> spec.name().equals(provider)).count()
                + retiring.stream().filter(pooled -> pooled.provider().name().equals(provider)).count());
    }

    private static void close(Pooled pooled) {
        pooled.evictor().shutdown();
        try {
            pooled.client().close();
        } catch (IOException e) {
            log.warn("Closing a retired connection pool of provider '{}' failed: {}", pooled.provider().name(), e.getMessage());
        }
    }

    /**
     * The provider's connections by state, and its bound: a provider whose leased connections
     * stay at the bound is turning calls away (see {@code maxConnections}).
     */
    private List<Meter> measure(String provider) {
        var registered = new ArrayList<Meter>();
        STATES.forEach((state, count) -> registered.add(Gauge.builder("warden.provider.connections", () -> {
                    // the pool of the provider as the policy in force has it: none until a call builds it
                    var spec = inForce.get().get(provider);
                    var pooled = spec == null ? null : clients.get(spec);
                    int other = switch (state) {
                        case "leased" -> others.inUse(provider);
                        case "available" -> others.idle(provider);
                        default -> 0;
                    };
                    return other + (pooled == null ? 0 : count.applyAsInt(pooled.connections().getTotalStats()));
                })
                .description("Connections to a provider: leased (a call in progress), available (idle), pending (calls waiting for one)")
                .tags("provider", provider, "state", state).register(meters)));
        // the pool's own total is not kept by its LAX policy: the bound is the per-route one it was given
        registered.add(Gauge.builder("warden.provider.connections.max", () -> {
                    var spec = inForce.get().get(provider);
                    return spec == null ? Double.NaN : spec.maxConnections();
                })
                .description("The most connections to a provider at once (its maxConnections)")
                .tags("provider", provider).register(meters));
        return registered;
    }

    /** Connections another client keeps to the same providers, counted in the same gauges. */
    interface OtherConnections {
        int inUse(String provider);

        int idle(String provider);
    }

    private volatile OtherConnections others = new OtherConnections() {
        @Override
        public int inUse(String provider) {
            return 0;
        }

        @Override
        public int idle(String provider) {
            return 0;
        }
    };

    /** Counts another client's connections in this client's gauges ({@link LoopUpstream}'s). */
    void countAlso(OtherConnections others) {
        this.others = others;
    }

    /** Registers the provider's gauges when it is in force as given, as a call on this client does. */
    void measured(ProviderSpec provider) {
        if (!gauges.containsKey(provider.name()) && provider.equals(inForce.get().get(provider.name()))) {
            gauges.computeIfAbsent(provider.name(), this::measure);
        }
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
    public void destroy() {
        clients.values().forEach(ProviderClients::close);
        retiring.forEach(ProviderClients::close);
    }
}
