package dev.warden.gateway.api.openai;

import dev.warden.gateway.OnTomcat;

/** {@link GatewayErrorsIntegrationTests} served by Tomcat alone. */
@OnTomcat
class GatewayErrorsOnTomcatIntegrationTests extends GatewayErrorsIntegrationTests {
}
