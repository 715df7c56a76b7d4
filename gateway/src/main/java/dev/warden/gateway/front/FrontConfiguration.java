package dev.warden.gateway.front;

import dev.warden.gateway.api.ErrorWriter;
import dev.warden.gateway.api.GatewayFailures;
import dev.warden.gateway.api.GatewayProperties;
import dev.warden.gateway.api.ModelEndpoint;
import dev.warden.gateway.auth.ApiKeys;
import dev.warden.gateway.exchange.Exchanges;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.Executor;
import dev.warden.gateway.server.PlatformFirstExecutor;
import org.springframework.beans.factory.ObjectProvider;
import dev.warden.gateway.server.FrontOn;
import org.springframework.context.annotation.Conditional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event-loop front, by default ({@link FrontOn}): it takes {@code server.port} and
 * {@code server.address}, and the servlet container moves to a loopback port
 * ({@code server.GatewayServer}). TLS is not terminated by the front: with {@code server.ssl}
 * on, the application refuses to start rather than serve plain HTTP on a port meant for TLS.
 * With {@code warden.server.loop-upstream} on, as by default, model requests begin on the loop,
 * in strict durability too: the decision log's sync thread, not the loop, waits for the disk.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Conditional(FrontOn.class)
class FrontConfiguration {

    @Bean
    NettyFront nettyFront(ServerProperties server, List<ModelEndpoint> endpoints, Exchanges exchanges, ApiKeys keys,
                          GatewayFailures failures, ErrorWriter errors, GatewayProperties gateway, ApplicationContext context,
                          ObjectProvider<PlatformFirstExecutor> platformFirst, dev.warden.gateway.server.ServerProperties warden,
                          LifecycleProperties lifecycle) {
        if (server.getSsl() != null && server.getSsl().isEnabled()) {
            throw new IllegalStateException("warden.server.front=netty does not terminate TLS: set warden.server.front=tomcat "
                    + "to serve server.ssl, or terminate TLS in front of Warden.");
        }
        long maxBody = gateway.maxBodySize().toBytes();
        var address = server.getAddress() != null ? server.getAddress() : anyAddress();
        int port = server.getPort() != null ? server.getPort() : 8080;
        Executor threads = platformFirst.getIfAvailable();
        if (threads == null) {
            var virtualThreads = Thread.ofVirtual().name("request-v-", 0).factory();
            threads = task -> virtualThreads.newThread(task).start();
        }
        return new NettyFront(address, port, () -> ((WebServerApplicationContext) context).getWebServer().getPort(),
                new ModelExchanges(endpoints, exchanges, keys, failures, maxBody),
                keys, errors, maxBody, threads, warden.loopUpstream(),
                server.getTomcat().getMaxConnections(), warden.eventLoops(), lifecycle.getTimeoutPerShutdownPhase(), exchanges);
    }

    private static InetAddress anyAddress() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
