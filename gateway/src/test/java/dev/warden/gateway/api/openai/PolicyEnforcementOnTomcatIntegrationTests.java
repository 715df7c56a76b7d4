package dev.warden.gateway.api.openai;

import dev.warden.gateway.OnTomcat;

/** {@link PolicyEnforcementIntegrationTests} served by Tomcat alone. */
@OnTomcat
class PolicyEnforcementOnTomcatIntegrationTests extends PolicyEnforcementIntegrationTests {
}
