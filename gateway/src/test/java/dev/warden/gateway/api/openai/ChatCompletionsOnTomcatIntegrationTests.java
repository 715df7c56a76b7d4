package dev.warden.gateway.api.openai;

import dev.warden.gateway.OnTomcat;

/** {@link ChatCompletionsIntegrationTests} served by Tomcat alone. */
@OnTomcat
class ChatCompletionsOnTomcatIntegrationTests extends ChatCompletionsIntegrationTests {
}
