package dev.warden.gateway.server;

import java.net.InetAddress;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The embedded Tomcat's connector speaks {@link GatewayHttpProtocol}, unless Tomcat's MBean
 * registry is switched on: then whoever switched it on wants Tomcat's JMX request statistics
 * (and Micrometer's {@code tomcat.global.request} meters, read from them), which only Tomcat's own
 * protocol keeps. Its requests run on {@link PlatformFirstExecutor} unless
 * {@code warden.server.platform-threads} is 0.
 */
@Configuration(proxyBeanMethods = false)
class GatewayServer {

    @Bean
    @ConditionalOnProperty(name = "server.tomcat.mbeanregistry.enabled", havingValue = "false", matchIfMissing = true)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> gatewayHttpProtocol() {
        return factory -> factory.setProtocol(GatewayHttpProtocol.class.getName());
    }

    /**
     * With the event-loop front on the public port ({@code dev.warden.gateway.front}), Tomcat
     * serves only what the front relays to it, on a loopback port of its own. Ordered last, after
     * Spring Boot's customizer that sets the port from {@code server.port}.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    @Conditional(FrontOn.class)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> servletSideOnLoopback() {
        return factory -> {
            factory.setPort(0);
            factory.setAddress(InetAddress.getLoopbackAddress());
        };
    }

    @Bean(destroyMethod = "close")
    @Conditional(PlatformThreadsOn.class)
    PlatformFirstExecutor platformFirstExecutor(ServerProperties properties) {
        return new PlatformFirstExecutor(properties.platformThreads());
    }

    /**
     * Ordered last so that it runs after Spring Boot's customizer for virtual threads (order 1),
     * which sets Tomcat's executor to a virtual thread per request: the last executor set wins.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    @Conditional(PlatformThreadsOn.class)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> platformFirst(PlatformFirstExecutor executor) {
        return factory -> factory.addProtocolHandlerCustomizers(protocol -> protocol.setExecutor(executor));
    }
}
