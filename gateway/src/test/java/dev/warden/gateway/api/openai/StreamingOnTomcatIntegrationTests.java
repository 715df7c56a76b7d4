package dev.warden.gateway.api.openai;

import dev.warden.gateway.OnTomcat;

/** {@link StreamingIntegrationTests} served by Tomcat alone. */
@OnTomcat
class StreamingOnTomcatIntegrationTests extends StreamingIntegrationTests {
}
