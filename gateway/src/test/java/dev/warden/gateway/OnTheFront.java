package dev.warden.gateway;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs a test class on the event-loop front whatever the environment says
 * ({@code warden.server.front=netty}, the default, named), in an application of its own: its
 * variant's data directory and schema end in {@code _front} (see
 * {@link GatewayTestSupport#register}). For the front's own tests, which CI's Tomcat pass must
 * not move off it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@TestPropertySource(properties = {"warden.server.front=netty", "warden.test.variant=_front"})
public @interface OnTheFront {
}
