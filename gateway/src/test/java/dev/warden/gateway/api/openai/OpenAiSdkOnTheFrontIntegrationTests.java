package dev.warden.gateway.api.openai;

import dev.warden.gateway.OnTheFront;

/** {@link OpenAiSdkIntegrationTests} through the event-loop front. */
@OnTheFront
class OpenAiSdkOnTheFrontIntegrationTests extends OpenAiSdkIntegrationTests {
}
