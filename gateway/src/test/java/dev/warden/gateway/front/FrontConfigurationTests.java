package dev.warden.gateway.front;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.server.Ssl;

class FrontConfigurationTests {

    @Test
    void refusesToServeAPortMeantForTlsInPlainHttp() {
        var server = new ServerProperties();
        var ssl = new Ssl();
        ssl.setEnabled(true);
        server.setSsl(ssl);

        assertThatThrownBy(() -> new FrontConfiguration().nettyFront(server, List.of(), null, null, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not terminate TLS")
                .hasMessageContaining("warden.server.front=tomcat");
    }
}
