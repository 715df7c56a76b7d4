package dev.warden.gateway.api.openai;

import dev.warden.gateway.OnTheFront;

/** {@link PolicyEnforcementIntegrationTests} through the event-loop front. */
@OnTheFront
class PolicyEnforcementOnTheFrontIntegrationTests extends PolicyEnforcementIntegrationTests {
}
