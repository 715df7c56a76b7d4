package dev.warden.gateway.routing;

import dev.warden.gateway.OnTheFront;

/** {@link CrossProviderSdkIntegrationTests} through the event-loop front. */
@OnTheFront
class CrossProviderSdkOnTheFrontIntegrationTests extends CrossProviderSdkIntegrationTests {
}
