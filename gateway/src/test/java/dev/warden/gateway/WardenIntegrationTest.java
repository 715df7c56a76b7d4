package dev.warden.gateway;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway under the shared test policies. Integration test classes extend this one, so that
 * they share one application context; a test that changes the active policy runs in an
 * application of its own (see {@code PolicyReloadIntegrationTests}).
 */
public abstract class WardenIntegrationTest extends GatewayTestSupport {

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        register(registry, POLICY_DIR, DATA_DIR, "warden_it");
    }
}
