package dev.warden.gateway.routing;

import dev.warden.gateway.OnTomcat;

/** {@link CrossProviderSdkIntegrationTests} served by Tomcat alone. */
@OnTomcat
class CrossProviderSdkOnTomcatIntegrationTests extends CrossProviderSdkIntegrationTests {
}
