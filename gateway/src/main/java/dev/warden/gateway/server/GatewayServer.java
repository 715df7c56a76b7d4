package dev.warden.gateway.server;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded Tomcat's connector speaks {@link GatewayHttpProtocol}, unless Tomcat's MBean
 * registry is switched on: then whoever switched it on wants Tomcat's JMX request statistics
 * (and Micrometer's {@code tomcat.global.request} meters, read from them), which only Tomcat's own
 * protocol keeps.
 */
@Configuration(proxyBeanMethods = false)
class GatewayServer {

    @Bean
    @ConditionalOnProperty(name = "server.tomcat.mbeanregistry.enabled", havingValue = "false", matchIfMissing = true)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> gatewayHttpProtocol() {
        return factory -> factory.setProtocol(GatewayHttpProtocol.class.getName());
    }
}
