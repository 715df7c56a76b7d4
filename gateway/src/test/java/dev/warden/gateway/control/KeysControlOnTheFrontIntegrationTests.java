package dev.warden.gateway.control;

import dev.warden.gateway.OnTheFront;

/** {@link KeysControlIntegrationTests} through the event-loop front. */
@OnTheFront
class KeysControlOnTheFrontIntegrationTests extends KeysControlIntegrationTests {
}
