package dev.warden.gateway.routing;

import dev.warden.gateway.OnTomcat;

/** {@link ResilienceIntegrationTests} through the event-loop front: retries, fallback, and a client gone mid-stream. */
@OnTomcat
class ResilienceOnTomcatIntegrationTests extends ResilienceIntegrationTests {
}
