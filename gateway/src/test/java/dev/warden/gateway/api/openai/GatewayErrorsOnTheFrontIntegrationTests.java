package dev.warden.gateway.api.openai;

import dev.warden.gateway.OnTheFront;

/** {@link GatewayErrorsIntegrationTests} through the event-loop front. */
@OnTheFront
class GatewayErrorsOnTheFrontIntegrationTests extends GatewayErrorsIntegrationTests {
}
