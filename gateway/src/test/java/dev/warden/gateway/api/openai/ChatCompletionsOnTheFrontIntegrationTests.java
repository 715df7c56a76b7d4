package dev.warden.gateway.api.openai;

import dev.warden.gateway.OnTheFront;

/** {@link ChatCompletionsIntegrationTests} through the event-loop front. */
@OnTheFront
class ChatCompletionsOnTheFrontIntegrationTests extends ChatCompletionsIntegrationTests {
}
