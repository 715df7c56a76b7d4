package dev.warden.gateway.routing;

import dev.warden.gateway.OnTheFront;

/** {@link ResilienceIntegrationTests} through the event-loop front: retries, fallback, and a client gone mid-stream. */
@OnTheFront
class ResilienceOnTheFrontIntegrationTests extends ResilienceIntegrationTests {
}
