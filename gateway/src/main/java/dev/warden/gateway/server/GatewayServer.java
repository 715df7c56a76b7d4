package dev.warden.gateway.server;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded Tomcat's connector speaks {@link GatewayHttpProtocol}. */
@Configuration(proxyBeanMethods = false)
class GatewayServer {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> gatewayHttpProtocol() {
        return factory -> factory.setProtocol(GatewayHttpProtocol.class.getName());
    }
}
