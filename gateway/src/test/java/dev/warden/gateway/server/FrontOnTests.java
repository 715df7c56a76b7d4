package dev.warden.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Which server takes the public port, from the properties alone. */
class FrontOnTests {

    @Test
    void theEventLoopFrontIsTheDefault() {
        assertThat(FrontOn.outcome(new MockEnvironment()).isMatch()).isTrue();
    }

    @Test
    void tomcatKeepsAPortConfiguredForTlsUnlessTheFrontIsAskedForByName() {
        var tls = new MockEnvironment().withProperty("server.ssl.key-store", "classpath:keystore.p12");

        assertThat(FrontOn.outcome(tls).isMatch()).isFalse();
        assertThat(FrontOn.outcome(tls.withProperty("warden.server.front", "netty")).isMatch())
                .as("asked for by name: the front then refuses to start, saying why").isTrue();
        assertThat(FrontOn.outcome(new MockEnvironment().withProperty("server.ssl.key-store", "classpath:keystore.p12")
                .withProperty("server.ssl.enabled", "false")).isMatch()).as("TLS configured but off").isTrue();
    }

    @Test
    void followsTheFrontNamedInAnyCase() {
        assertThat(FrontOn.outcome(new MockEnvironment().withProperty("warden.server.front", "tomcat")).isMatch()).isFalse();
        assertThat(FrontOn.outcome(new MockEnvironment().withProperty("warden.server.front", "TOMCAT")).isMatch()).isFalse();
        assertThat(FrontOn.outcome(new MockEnvironment().withProperty("warden.server.front", "netty")).isMatch()).isTrue();
    }
}
