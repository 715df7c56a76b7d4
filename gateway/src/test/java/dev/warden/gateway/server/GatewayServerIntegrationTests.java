package dev.warden.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.WardenIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

class GatewayServerIntegrationTests extends WardenIntegrationTest {

    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    void servesOnAConnectorThatRegistersNoProcessorPerConnection() throws Exception {
        var tomcat = ((TomcatWebServer) context.getWebServer()).getTomcat();
        var protocol = tomcat.getConnector().getProtocolHandler();
        assertThat(protocol).isInstanceOf(GatewayHttpProtocol.class);

        // Each request on a new connection; Tomcat's own handler would count them in its global group.
        for (int i = 0; i < 3; i++) {
            try (var client = HttpClient.newHttpClient()) {
                var response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
            }
        }

        assertThat(((GatewayHttpProtocol) protocol).registeredRequests()).isZero();
    }

    @Test
    void requestsRunOnThePlatformFirstExecutorNotOnSpringBootsVirtualThreadOne() throws Exception {
        var tomcat = ((TomcatWebServer) context.getWebServer()).getTomcat();

        assertThat(tomcat.getConnector().getProtocolHandler().getExecutor()).isInstanceOf(PlatformFirstExecutor.class);
    }
}
