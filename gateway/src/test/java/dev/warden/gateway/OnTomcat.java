package dev.warden.gateway;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs a test class's tests again with Tomcat alone on the public port
 * ({@code warden.server.front=tomcat}, the server for a port configured for TLS), in an
 * application of its own: its variant's data directory and schema end in {@code _tomcat} (see
 * {@link GatewayTestSupport#register}). The rest of the suite runs on the event-loop front, the
 * default; CI runs all of it on Tomcat once more.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@TestPropertySource(properties = {"warden.server.front=tomcat", "warden.test.variant=_tomcat"})
public @interface OnTomcat {
}
