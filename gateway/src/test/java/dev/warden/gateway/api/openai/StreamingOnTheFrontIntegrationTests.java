package dev.warden.gateway.api.openai;

import dev.warden.gateway.OnTheFront;

/** {@link StreamingIntegrationTests} through the event-loop front. */
@OnTheFront
class StreamingOnTheFrontIntegrationTests extends StreamingIntegrationTests {
}
