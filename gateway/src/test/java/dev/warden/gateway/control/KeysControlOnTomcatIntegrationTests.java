package dev.warden.gateway.control;

import dev.warden.gateway.OnTomcat;

/** {@link KeysControlIntegrationTests} served by Tomcat alone. */
@OnTomcat
class KeysControlOnTomcatIntegrationTests extends KeysControlIntegrationTests {
}
