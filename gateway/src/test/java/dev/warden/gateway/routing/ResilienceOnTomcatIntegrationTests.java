package dev.warden.gateway.routing;

import dev.warden.gateway.OnTomcat;

/** {@link ResilienceIntegrationTests} on Tomcat alone, whose worker threads dispatch with the blocking dispatcher. */
@OnTomcat
class ResilienceOnTomcatIntegrationTests extends ResilienceIntegrationTests {
}
