package dev.warden.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.ResolvableType;
import org.springframework.test.util.ReflectionTestUtils;

class GatewayServerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(GatewayServer.class, WithProperties.class);

    @EnableConfigurationProperties(ServerProperties.class)
    static class WithProperties {
    }

    @Test
    void requestsRunOnPlatformThreadsFirstByDefault() {
        runner.run(context -> assertThat(context).hasSingleBean(PlatformFirstExecutor.class));
    }

    @Test
    void noPlatformThreadsLeavesEveryRequestOnAVirtualThread() {
        runner.withPropertyValues("warden.server.platform-threads=0")
                .run(context -> assertThat(context).doesNotHaveBean(PlatformFirstExecutor.class));
    }

    @Test
    void zeroWrittenAnyWayLeavesEveryRequestOnAVirtualThread() {
        runner.withPropertyValues("warden.server.platform-threads=00")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PlatformFirstExecutor.class));
        runner.withPropertyValues("warden.server.platform-threads=+0")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PlatformFirstExecutor.class));
    }

    @Test
    void aNumberOfPlatformThreadsThatIsNoNumberIsRefusedNamingTheProperty() {
        runner.withPropertyValues("warden.server.platform-threads=many").run(context -> {
            assertThat(context).hasFailed();
            // Spring Boot's failure analysis reports a bind failure by its property's name
            var bind = bindFailure(context.getStartupFailure());
            assertThat(bind).isNotNull();
            assertThat(bind.getProperty().getName().toString()).isEqualTo("warden.server.platform-threads");
            assertThat(bind.getProperty().getValue()).isEqualTo("many");
        });
    }

    @Test
    void aNegativeNumberOfPlatformThreadsIsRefused() {
        runner.withPropertyValues("warden.server.platform-threads=-1").run(context -> assertThat(context).hasFailed());
    }

    @Test
    void connectorSpeaksTheGatewayProtocolByDefault() {
        runner.run(context -> assertThat(protocolAfterCustomizers(context)).isEqualTo(GatewayHttpProtocol.class.getName()));
    }

    @Test
    void tomcatKeepsItsOwnProtocolWhenItsMBeanRegistryIsOn() {
        runner.withPropertyValues("server.tomcat.mbeanregistry.enabled=true")
                .run(context -> assertThat(protocolAfterCustomizers(context)).isEqualTo(TomcatServletWebServerFactory.DEFAULT_PROTOCOL));
    }

    private static BindException bindFailure(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind && bind.getProperty() != null) {
                return bind;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static String protocolAfterCustomizers(org.springframework.context.ApplicationContext context) {
        var factory = new TomcatServletWebServerFactory();
        var type = ResolvableType.forClassWithGenerics(WebServerFactoryCustomizer.class, TomcatServletWebServerFactory.class);
        for (var name : context.getBeanNamesForType(type)) {
            ((WebServerFactoryCustomizer<TomcatServletWebServerFactory>) context.getBean(name)).customize(factory);
        }
        // The factory does not expose its protocol; the connector it would build shows it.
        var connector = new Connector((String) ReflectionTestUtils.getField(factory, "protocol"));
        return connector.getProtocolHandler().getClass().getName();
    }
}
