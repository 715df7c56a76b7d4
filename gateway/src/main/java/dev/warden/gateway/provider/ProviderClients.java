package dev.warden.gateway.provider;

import dev.warden.policy.ProviderSpec;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One pooled HTTP client per provider, with that provider's time limits. Separate pools keep one
 * slow provider from starving the others of connections. Clients are blocking: they run on
 * virtual threads, where blocking is cheap and streams are relayed without reactive code.
 */
@Component
public class ProviderClients implements DisposableBean {

    private static final int MAX_CONNECTIONS = 4096;

    private final Map<ProviderSpec, CloseableHttpClient> clients = new ConcurrentHashMap<>();

    public CloseableHttpClient clientFor(ProviderSpec provider) {
        return clients.computeIfAbsent(provider, ProviderClients::build);
    }

    private static CloseableHttpClient build(ProviderSpec provider) {
        var timeouts = provider.timeouts();
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                // LAX: per-route pools without one pool-wide lock, which under load serialised
                // every lease and release; the total bound is then approximate, which is harmless.
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(timeouts.connect()))
                        .setSocketTimeout(Timeout.of(timeouts.read()))
                        .build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeouts.read())).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                // Upstreams authenticate with a key in a header: no challenge-response state to
                // cache, and no per-user connection state to match when leasing.
                .disableAuthCaching()
                .disableConnectionState()
                // Streams must arrive chunk by chunk; a decompressing stream would buffer them.
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    @Override
    public void destroy() throws IOException {
        for (var client : clients.values()) {
            client.close();
        }
    }
}
