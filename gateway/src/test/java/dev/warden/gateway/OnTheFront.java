package dev.warden.gateway;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs a test class's tests again with the event-loop front on the public port
 * ({@code warden.server.front=netty}), in an application of its own: its variant's data
 * directory and schema end in {@code _front} (see {@link GatewayTestSupport#register}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@TestPropertySource(properties = {"warden.server.front=netty", "warden.test.variant=_front"})
public @interface OnTheFront {
}
