package dev.warden.gateway.api.openai;

import dev.warden.gateway.OnTomcat;

/** {@link OpenAiSdkIntegrationTests} served by Tomcat alone. */
@OnTomcat
class OpenAiSdkOnTomcatIntegrationTests extends OpenAiSdkIntegrationTests {
}
